from accounts.models import Membership
from tests.access import Case
from tests.base import UserFactory


def build(world) -> None:
    dave = UserFactory(email="dave@example.com")
    world.objects["dave_membership"] = Membership.objects.create(
        workspace=world.workspace, user=dave, role=Membership.Role.VIEWER
    )


def _member(world) -> dict:
    return {"workspace_id": world.workspace.pk, "pk": world.dave_membership.pk}


def _user_level(world) -> dict:
    return {}


CASES = [
    Case("accounts:start", kwargs=_user_level, scoped=False, ok=(302,)),
    Case("accounts:workspace_list", kwargs=_user_level, scoped=False),
    Case("accounts:workspace_new", kwargs=_user_level, scoped=False),
    Case("accounts:preferences", kwargs=_user_level, scoped=False),
    Case("accounts:home"),
    Case("accounts:profile"),
    Case("accounts:profile", method="post", write=True, data=lambda w: {"citizenship": "non_us"}),
    Case("accounts:workspace_settings"),
    Case(
        "accounts:workspace_rename",
        method="post",
        write=True,
        data=lambda w: {"name": "Renamed", "season": 2027},
    ),
    Case(
        "accounts:member_invite",
        method="post",
        write=True,
        data=lambda w: {"email": "nobody@example.com"},
        ok=(400,),
    ),
    Case(
        "accounts:member_role", kwargs=_member, method="post", write=True, data=lambda w: {"role": "editor"}
    ),
    Case("accounts:member_remove", kwargs=_member, method="post", write=True),
    Case("accounts:workspace_delete", method="post", write=True, data=lambda w: {"confirm_name": "wrong"}),
    # Leaving is allowed for every member (the viewer leaves too); an outsider cannot leave.
    Case("accounts:workspace_leave", method="post", ok=(302,)),
]
