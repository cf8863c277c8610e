"""What every workspace starts with: the standard question bank and editable email templates."""

from .models import EmailTemplate, Question

# (slug, text): the standard questions. A slug ties a question to the facts it answers.
STANDARD_QUESTIONS = (
    ("visa", "Do you sponsor visas for residents, and which type (J-1 through ECFMG, H-1B)?"),
    ("img_residents", "Have you had non-US citizen IMG residents in recent years?"),
    ("immigration_support", "How does the program support residents with visa and immigration issues?"),
    ("service_education", "How is the balance between service and education?"),
    ("research", "What research opportunities are there, and is conference attendance supported?"),
    ("attendings", "How do attendings treat residents, and IMGs in particular?"),
    ("choose_again", "Would you choose this program again?"),
    ("call_workload", "What are the call schedule and workload like?"),
    ("mentorship", "How does mentorship work?"),
    ("after_graduation", "What do residents do after graduation?"),
)

FIRST_CONTACT_SUBJECT = "Visa sponsorship and eligibility – {program}"
FIRST_CONTACT_BODY = """Dear {contact_name},

My name is {my_name}. I am a non-US citizen international medical graduate from {my_school} ({my_country}), applying in the {season} Match season for training starting in {training_start}.

I am very interested in {program} and would be grateful if you could help me with a few questions before I apply:

1. Do you sponsor J-1 and/or H-1B visas for residents in {program}?
2. Have you had residents who were non-US citizen IMGs in recent years?
3. Is there a minimum USMLE score or a graduation-year requirement?

Thank you very much for your time.

Kind regards,
{my_name}
"""

FOLLOW_UP_SUBJECT = "Following up: visa sponsorship and eligibility – {program}"
FOLLOW_UP_BODY = """Dear {contact_name},

I am writing to follow up on my earlier message about {program}. I would be very grateful to know whether you sponsor J-1 and/or H-1B visas, and whether there is a minimum USMLE score or a graduation-year requirement.

Thank you again for your time.

Kind regards,
{my_name}
"""

THANK_YOU_SUBJECT = "Thank you – {program} interview"
THANK_YOU_BODY = """Dear {contact_name},

Thank you for the opportunity to interview with {program}. I enjoyed learning about the program and meeting the residents and faculty.

Kind regards,
{my_name}
"""

STANDARD_TEMPLATES = (
    ("First contact: visa and eligibility", FIRST_CONTACT_SUBJECT, FIRST_CONTACT_BODY),
    ("Follow-up after no reply", FOLLOW_UP_SUBJECT, FOLLOW_UP_BODY),
    ("Thank-you after the interview", THANK_YOU_SUBJECT, THANK_YOU_BODY),
)


def seed_workspace(workspace) -> None:
    """Create the standard questions and templates the workspace does not have yet (idempotent)."""
    have = set(Question.objects.filter(workspace=workspace).values_list("slug", flat=True))
    Question.objects.bulk_create(
        Question(workspace=workspace, slug=slug, text=text, position=i)
        for i, (slug, text) in enumerate(STANDARD_QUESTIONS, start=1)
        if slug not in have
    )
    if not EmailTemplate.objects.filter(workspace=workspace).exists():
        EmailTemplate.objects.bulk_create(
            EmailTemplate(workspace=workspace, name=name, subject=subject, body=body, position=i)
            for i, (name, subject, body) in enumerate(STANDARD_TEMPLATES, start=1)
        )
