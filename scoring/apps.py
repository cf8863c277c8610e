from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Scoring and rank list"

    def ready(self) -> None:
        """Fill the registries of the lower apps: navigation, list column, detail panel, home, demo, reminders."""
        from accounts.demo import DemoLoader, register_demo_loader
        from accounts.navigation import NavItem, register_nav_item
        from accounts.next_steps import register_home_panel, register_next_steps
        from outreach.reminders import register_reminder_source
        from programs.columns import register_column
        from programs.panels import DetailPanel, register_detail_panel

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .columns import SCORE_COLUMN
        from .demo import load_demo_scoring
        from .home import RANK_LIST_PANEL, rank_list_steps
        from .panels import detail_panel_context
        from .reminders import RANK_LIST_SOURCE

        score_pages = ("scores", "program", "criteria", "criterion_edit", "rules")
        list_pages = ("index", "list_detail", "suggestion", "snapshot_list", "snapshot_detail")
        register_nav_item(NavItem(50, "Scores", "scoring:scores", "bar-chart-line", "scoring", score_pages))
        register_nav_item(NavItem(55, "Rank list", "scoring:index", "list-ol", "scoring", list_pages))
        register_column(SCORE_COLUMN)
        register_detail_panel(DetailPanel(30, "scoring/panels/program.html", detail_panel_context))
        register_home_panel(RANK_LIST_PANEL)
        register_next_steps(rank_list_steps)
        register_demo_loader(DemoLoader(60, "scoring", load_demo_scoring))
        register_reminder_source(RANK_LIST_SOURCE)
