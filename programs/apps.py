from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and imports"

    def ready(self) -> None:
        """Fill the registries of accounts: navigation, the home funnel, next steps, the demo catalog."""
        from accounts.demo import DemoLoader, register_demo_loader
        from accounts.navigation import NavItem, register_nav_item
        from accounts.next_steps import register_home_panel, register_next_steps

        from .demo import load_demo_catalog
        from .home import FUNNEL_PANEL, pipeline_steps

        pipeline_pages = ("list", "detail", "compare", "add_manual", "rules")
        register_nav_item(NavItem(10, "Programs", "programs:list", "list-ul", "programs", pipeline_pages))
        register_nav_item(NavItem(20, "Board", "programs:board", "kanban", "programs", ("board",)))
        register_nav_item(NavItem(25, "Catalog", "catalog:browse", "search", "catalog"))
        register_home_panel(FUNNEL_PANEL)
        register_next_steps(pipeline_steps)
        register_demo_loader(DemoLoader(10, "programs-demo-catalog", load_demo_catalog))
