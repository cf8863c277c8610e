from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Outreach and reminders"

    def ready(self) -> None:
        """Fill the registries of the lower apps (navigation, list columns, detail panel, home, demo)
        and our own reminder sources."""
        from accounts.demo import DemoLoader, register_demo_loader
        from accounts.navigation import NavItem, register_nav_item
        from accounts.next_steps import register_next_steps
        from programs.columns import register_column
        from programs.panels import DetailPanel, register_detail_panel

        from .columns import RESPONSIVENESS_COLUMN, TONE_COLUMN
        from .demo import load_demo_outreach
        from .next_steps import outreach_steps, reminder_steps
        from .panels import detail_panel_context
        from .reminders import register_reminder_source
        from .reminders.builtin import BUILTIN_SOURCES

        register_nav_item(NavItem(40, "Outreach", "outreach:index", "envelope-paper", "outreach"))
        register_column(RESPONSIVENESS_COLUMN)
        register_column(TONE_COLUMN)
        register_detail_panel(DetailPanel(40, "outreach/panels/program.html", detail_panel_context))
        register_next_steps(outreach_steps)
        register_next_steps(reminder_steps)
        register_demo_loader(DemoLoader(40, "outreach", load_demo_outreach))
        for source in BUILTIN_SOURCES:
            register_reminder_source(source)
