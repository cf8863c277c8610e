"""Seed the specialties Shortlist knows by code.

Codes and names are ACGME's; aliases are how ERAS, the NRMP, ACGME reports and FREIDA spell them;
the application cycle follows the ERAS 2027 list of participating specialties (ERAS files standalone
Medical Genetics and Genomics, 130, under July-cycle fellowships; 765 and 766 are residencies).
Sources are in docs: ../shared/reference/data-formats.md §1.6–1.7 and match-rules.md §4.6.
"""

from django.db import migrations

R, F, C = "residency", "fellowship", "combined"
RES, JULY, DEC, OTHER = "residency", "fellowship_july", "fellowship_december", "other"

SPECIALTIES = [
    # code, name, kind, cycle, aliases, parent, requires prior GME, genetics
    ("130", "Medical Genetics and Genomics", R, JULY,
     ["Medical genetics and genomics", "Medical Genetics", "MGG", "Clinical Genetics and Genomics"], "", True, True),
    ("131", "Medical Biochemical Genetics", F, OTHER,
     ["Medical biochemical genetics", "Biochemical Genetics"], "130", True, True),
    ("190", "Molecular Genetic Pathology", F, OTHER,
     ["Molecular genetic pathology", "MGP"], "300", True, True),
    ("754", "Medical Genetics and Genomics/Maternal-Fetal Medicine", C, DEC,
     ["Medical genetics and genomics/Maternal-fetal medicine (components individually accredited)", "MGG/MFM"],
     "", True, True),
    ("756", "Reproductive Endocrinology and Infertility/Medical Genetics and Genomics", C, OTHER,
     ["REI/MGG", "Reproductive endocrinology and infertility/Medical genetics and genomics"], "", True, True),
    ("765", "Pediatrics/Medical Genetics and Genomics", C, RES,
     ["Pediatrics/Medical Genetics", "Pediatrics-Medical Genetics", "Medical Genetics and Genomics/Pediatrics",
      "Peds/MGG", "Pediatrics/Medical genetics and genomics (components individually accredited)"], "", False, True),
    ("766", "Internal Medicine/Medical Genetics and Genomics", C, RES,
     ["Internal Medicine/Medical Genetics", "Medicine-Medical Genetics", "IM/MGG",
      "Internal medicine/Medical genetics and genomics (components individually accredited)"], "", False, True),
    ("140", "Internal Medicine", R, RES, ["Internal medicine", "Medicine", "IM", "Internal Medicine (Categorical)"], "", False, False),
    ("320", "Pediatrics", R, RES, ["Pediatrics (Categorical)", "Peds"], "", False, False),
    ("700", "Internal Medicine/Pediatrics", C, RES, ["Medicine-Pediatrics", "Med-Peds", "Internal medicine/Pediatrics"], "", False, False),
    ("300", "Pathology-Anatomic and Clinical", R, RES, ["Pathology", "Anatomic and Clinical Pathology", "AP/CP"], "", False, False),
    ("220", "Obstetrics and Gynecology", R, RES, ["OB/GYN", "Obstetrics and gynecology"], "", False, False),
    ("230", "Maternal-Fetal Medicine", F, DEC, ["Maternal-fetal medicine", "MFM"], "220", True, False),
    ("235", "Reproductive Endocrinology and Infertility", F, DEC, ["REI"], "220", True, False),
    ("120", "Family Medicine", R, RES, ["Family medicine", "FM"], "", False, False),
    ("180", "Neurology", R, RES, ["Adult Neurology"], "", False, False),
    ("185", "Child Neurology", R, RES, ["Child neurology"], "", False, False),
    ("400", "Psychiatry", R, RES, [], "", False, False),
    ("440", "Surgery", R, RES, ["General Surgery", "Surgery-General"], "", False, False),
    ("420", "Radiology-Diagnostic", R, RES, ["Diagnostic Radiology"], "", False, False),
    ("040", "Anesthesiology", R, RES, [], "", False, False),
    ("110", "Emergency Medicine", R, RES, [], "", False, False),
    ("080", "Dermatology", R, RES, [], "", False, False),
    ("999", "Transitional Year", R, RES, ["Transitional year"], "", False, False),
]  # fmt: skip


def seed(apps, schema_editor):
    Specialty = apps.get_model("programs", "Specialty")
    for code, name, kind, cycle, aliases, parent, prior, genetics in SPECIALTIES:
        Specialty.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "application_cycle": cycle,
                "aliases": aliases,
                "parent_code": parent,
                "requires_prior_gme": prior,
                "is_genetics": genetics,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
