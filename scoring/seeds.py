"""The criteria every workspace starts with: those of a careful applicant, objective and subjective.

The slug ties a seeded criterion to the rule that derives its rating (``scoring.derive``); the
applicant may rename, reweight or retire any of them, and add their own (which have no slug).
"""

from .choices import CriterionKind

OBJ, SUBJ = CriterionKind.OBJECTIVE, CriterionKind.SUBJECTIVE

# (slug, name, kind, weight 0–5, description)
STANDARD_CRITERIA = (
    ("visa", "Visa sponsorship fit", OBJ, 5, "The program sponsors the visa you need (and, for H-1B, your Step 3 is on time)."),
    ("img_history", "History of non-US IMG residents", OBJ, 4, "Recent non-US IMG residents, or the program's % IMG."),
    ("research", "Research environment", OBJ, 3, "Protected time, mentors and projects in genetics."),
    ("clinical_breadth", "Clinical breadth", OBJ, 3, "Pediatric and adult genetics, dysmorphology, metabolic, cancer, prenatal, cardio, neuro."),
    ("laboratory", "Laboratory integration", OBJ, 2, "Cytogenetics, molecular and biochemical laboratory rotations."),
    ("location", "Location fit", OBJ, 3, "The program's state against your preferred states and regions."),
    ("responsiveness", "Program responsiveness", OBJ, 2, "How quickly (and how kindly) the program answered your emails."),
    ("culture", "Culture and support", SUBJ, 4, "How residents are treated and supported, IMGs in particular."),
    ("faculty", "Faculty alignment with my interests", SUBJ, 3, "Faculty who work on what you want to learn."),
    ("welcomed", "How welcomed I felt", SUBJ, 3, "At open houses, conversations and the interview."),
    ("overall", "Overall interest", SUBJ, 4, "Your overall wish to train there."),
)  # fmt: skip
