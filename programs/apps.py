from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and imports"

    def ready(self) -> None:
        # --- Catalog and imports: navigation, next step, demo catalog (programs.imports) ---
        from accounts.demo import DemoLoader, register_demo_loader
        from accounts.navigation import NavItem, register_nav_item
        from accounts.next_steps import register_next_steps

        from .demo import load_demo_catalog
        from .imports.steps import import_steps

        register_nav_item(NavItem(20, "Catalog", "catalog:browse", "search", "catalog"))
        register_next_steps(import_steps)
        register_demo_loader(DemoLoader(10, "programs-demo-catalog", load_demo_catalog))
        # --- end of catalog and imports ---
