"""Import: our full pipeline (preview + confirm) against the peer path, bulk_create and COPY.

Generates a FREIDA-style file of 13,000 rows and 25 columns (and 3,000 rows, and that as XLSX),
then measures on PostgreSQL, each in a fresh process (peak memory is the process's own):
  ours        preview + confirm into a workspace: programs, observations and tracked programs;
  peer        django-import-export's ModelResource with default settings into a flat table, run as
              its admin runs it (a dry run, then the import) and, for reference, the import alone;
  bulk_create exactly the rows our import wrote (programs, observations, tracked), and COPY of them.
Ratios compare figures of the same run, because this shared machine's speed varies.
"""

import csv
import io
import os
import random
import statistics
import time
from datetime import date
from pathlib import Path

from bench.tools import ROOT, run_isolated

BIG, SMALL = 13_000, 3_000
REPEAT = 3
FILES = ROOT / "var" / "bench" / "import"
COLUMNS = [
    "program_id", "source_url", "program_name_suffix", "sponsoring_institution", "city", "state",
    "data_last_updated", "accredited_training_length", "required_training_length", "affiliated_us_government",
    "specialty_title", "first_year_positions", "interviews_conducted_last_year", "avg_hours_on_duty_y1",
    "pct_do", "pct_img", "pct_usmd", "program_best_described_as", "website", "special_features_text",
    "accepting_applications_2025_2026", "accepting_applications_2026_2027", "program_start_dates",
    "participates_in_eras", "visa_statuses_accepted",
]  # fmt: skip
SPECIALTIES = [("140", "Internal Medicine", 30), ("320", "Pediatrics", 12), ("120", "Family Medicine", 15),
               ("440", "Surgery", 8), ("400", "Psychiatry", 8), ("220", "Obstetrics and Gynecology", 6),
               ("300", "Pathology-Anatomic and Clinical", 4), ("765", "Pediatrics/Medical Genetics", 1),
               ("130", "Medical Genetics and Genomics", 1), ("999", "Transitional Year", 4)]  # fmt: skip
VISAS = [
    "['J-1 through ECFMG']",
    "[]",
    "['J-1 through ECFMG', 'H-1B', 'F-1']",
    "['J-1 through ECFMG', 'H-1B']",
]
TYPES = ["Community-based university affiliated", "Community-based", "University-based", "Military-based", ""]


def generate_rows(count: int, seed: int = 2027) -> list[list[str]]:
    from programs.imports.identity import ACGME_STATE_CODES

    rng = random.Random(seed)
    states = list(ACGME_STATE_CODES.items())
    codes = [s for s in SPECIALTIES for _ in range(s[2])]
    rows = []
    for i in range(count):
        code, title, _weight = rng.choice(codes)
        state_code, state = rng.choice(states)
        number = f"{code}{state_code}{i:05d}"
        rows.append([
            number, f"https://freida.ama-assn.org/program/{number}", f"Synthetic Medical Center {i} Program",
            f"Synthetic Health System {i // 3}", f"City {i % 700}", state, "2025-03-28T08:08:20+00:00",
            str(rng.choice([3, 4, 5])), f"{rng.choice([3, 4])}.0", "Not affiliated with US Government", title,
            f"{rng.randint(2, 60)}.0", f"{rng.randint(50, 900)}.0", f"{rng.randint(55, 80)}.0",
            f"{rng.uniform(0, 30):.1f}", f"{rng.uniform(0, 90):.1f}", f"{rng.uniform(5, 95):.1f}", rng.choice(TYPES),
            f"https://www.synthetic{i}.example.org/residency", "Residents rotate at three hospitals." * rng.randint(0, 3),
            rng.choice(["True", "False"]), "True", rng.choice(["['July']", "['June', 'July']"]),
            rng.choice(["True", "True", "False"]), rng.choice(VISAS),
        ])  # fmt: skip
    return rows


def write_files() -> dict[str, Path]:
    from openpyxl import Workbook

    FILES.mkdir(parents=True, exist_ok=True)
    paths = {}
    for count in (BIG, SMALL):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(generate_rows(count))
        paths[f"csv_{count}"] = FILES / f"freida_style_{count}.csv"
        paths[f"csv_{count}"].write_text(buffer.getvalue(), encoding="utf-8")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Programs")
    sheet.append(COLUMNS)
    for cells in generate_rows(SMALL):
        sheet.append(cells)
    paths[f"xlsx_{SMALL}"] = FILES / f"freida_style_{SMALL}.xlsx"
    workbook.save(paths[f"xlsx_{SMALL}"])
    return paths


# --- Run in fresh processes (bench.tools.run_isolated) ---------------------------------------------


def _reset(keep_batches: bool = False) -> None:
    from django.db import connection

    tables = "programs_trackedprogram, programs_programfact, programs_program"
    if not keep_batches:
        tables += ", programs_importbatch, programs_columnmapping"
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def _workspace():
    from accounts.models import User, Workspace

    user = User.objects.filter(email="bench@example.com").first() or User.objects.create_user(
        "bench@example.com", "bench-password-not-secret"
    )
    return user, Workspace.objects.for_user(user).first()


def _import(path: Path, user, workspace):
    from programs.imports import pipeline

    batch = pipeline.create_batch(data=path.read_bytes(), file_name=path.name, workspace=workspace, user=user)
    assert batch.message == "" and batch.rows_invalid == 0, (batch.message, batch.errors[:3])
    assert pipeline.confirm_batch(batch, inline=True)
    batch.refresh_from_db()
    assert batch.status == "done", batch.message
    return batch


def ours(path: str) -> dict:
    """Preview + confirm of a file into an empty database (the first import of a list)."""
    _reset()
    user, workspace = _workspace()
    start = time.perf_counter()
    batch = _import(Path(path), user, workspace)
    return {
        "seconds": time.perf_counter() - start,
        "rows": batch.rows_total,
        "written": batch.preview["written"],
    }


def ours_again(path: str) -> dict:
    """The same file once more: the preview finds every row unchanged and the confirm writes nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _reset()
    user, workspace = _workspace()
    _import(Path(path), user, workspace)
    start = time.perf_counter()
    batch = _import(Path(path), user, workspace)
    seconds = time.perf_counter() - start
    _reset()
    with CaptureQueriesContext(connection) as first:
        _import(Path(path), user, workspace)
    return {"seconds": seconds, "unchanged": batch.rows_unchanged, "statements": len(first)}


def floor(path: str) -> dict:
    """bulk_create and COPY of exactly the rows our import wrote, timed alone."""
    from programs.models import Program, ProgramFact, TrackedProgram

    _reset()
    user, workspace = _workspace()
    _import(Path(path), user, workspace)
    tables = {
        Program: list(Program.objects.values()),
        ProgramFact: list(ProgramFact.objects.values()),
        TrackedProgram: list(TrackedProgram.objects.values()),
    }
    bulk = []
    for _ in range(REPEAT):
        _reset(keep_batches=True)  # the observations point at their batch
        bulk.append(_bulk_create(tables))
    copy = []
    for _ in range(REPEAT):
        _reset(keep_batches=True)
        copy.append(_copy(tables))
    rows = sum(len(v) for v in tables.values())
    return {"bulk_create": statistics.median(bulk), "copy": statistics.median(copy), "rows": rows}


def _bulk_create(tables: dict) -> float:
    from django.db import transaction

    instances = {model: [model(**row) for row in rows] for model, rows in tables.items()}
    start = time.perf_counter()
    with transaction.atomic():
        for model, objects in instances.items():
            model.objects.bulk_create(objects, batch_size=5000)
    return time.perf_counter() - start


def _copy(tables: dict) -> float:
    import json

    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, rows in tables.items():
            columns = [f.column for f in model._meta.concrete_fields]
            sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(
                        [json.dumps(v) if isinstance(v, dict) else v for v in (row[c] for c in columns)]
                    )
    return time.perf_counter() - start


def _flat_model():
    """The peer's flat table: one text column per file column (as a plain ModelResource expects)."""
    from django.apps import apps
    from django.db import models

    try:
        return apps.get_model("programs", "BenchFlatProgram")
    except LookupError:
        pass
    attrs = {
        "__module__": __name__,
        "Meta": type("Meta", (), {"app_label": "programs", "db_table": "bench_flat_program"}),
    }
    attrs.update({c: models.TextField(blank=True) for c in COLUMNS if c != "program_id"})
    attrs["program_id"] = models.CharField(max_length=10, unique=True)
    return type("BenchFlatProgram", (models.Model,), attrs)


def peer(path: str) -> dict:
    """django-import-export's default ModelResource, as its admin runs it: a dry run, then the import."""
    import tablib
    from django.db import connection
    from import_export import resources

    model = _flat_model()
    with connection.schema_editor() as editor:
        if model._meta.db_table not in connection.introspection.table_names():
            editor.create_model(model)
    model.objects.all().delete()
    meta = type("Meta", (), {"model": model, "import_id_fields": ("program_id",), "exclude": ("id",)})
    resource = type("PeerResource", (resources.ModelResource,), {"Meta": meta})()
    text = Path(path).read_text(encoding="utf-8")
    start = time.perf_counter()
    preview = resource.import_data(tablib.Dataset().load(text, format="csv"), dry_run=True)
    middle = time.perf_counter()
    result = resource.import_data(tablib.Dataset().load(text, format="csv"), dry_run=False)
    end = time.perf_counter()
    assert not preview.has_errors() and not result.has_errors() and model.objects.count() == BIG
    return {"seconds": end - start, "import_only": end - middle}


# --- The report ------------------------------------------------------------------------------------


def _median(target: str, path: Path, repeat: int = REPEAT) -> dict:
    runs = [run_isolated(target, str(path)) for _ in range(repeat)]
    runs.sort(key=lambda r: r["seconds"])
    middle = runs[len(runs) // 2]
    return {**middle, "peak_mb": max(r["peak_mb"] for r in runs)}


def run(report) -> None:
    # The full catalog is larger than an applicant's 5 MB upload limit: staff raise it (README).
    os.environ["IMPORT_MAX_BYTES"] = str(20 * 1024 * 1024)
    paths = write_files()
    big = _median("bench.bench_import:ours", paths[f"csv_{BIG}"])
    small = _median("bench.bench_import:ours", paths[f"csv_{SMALL}"])
    xlsx = _median("bench.bench_import:ours", paths[f"xlsx_{SMALL}"])
    again = run_isolated("bench.bench_import:ours_again", str(paths[f"csv_{BIG}"]))
    base = run_isolated("bench.bench_import:floor", str(paths[f"csv_{BIG}"]))
    other = run_isolated("bench.bench_import:peer", str(paths[f"csv_{BIG}"]))
    _report(report, big, small, xlsx, again, base, other)
    _reset()  # leave empty tables with fresh id sequences to the benchmarks that follow


def _report(report, big: dict, small: dict, xlsx: dict, again: dict, base: dict, other: dict) -> None:
    """The fixed names first (issue 3), then the figures that explain them."""
    report.add("import_rows_per_s_13k", round(BIG / big["seconds"]), "rows/s")
    report.add(
        "import_ratio_vs_peer",
        round(other["seconds"] / big["seconds"], 1),
        "× (peer dry run + import / ours)",
    )
    report.add(
        "import_ratio_vs_peer_import_only",
        round(other["import_only"] / big["seconds"], 1),
        "× (peer import alone / ours)",
    )
    report.add(
        "import_ratio_vs_bulk_create",
        round(big["seconds"] / base["bulk_create"], 2),
        "× (ours / bulk_create)",
    )
    report.add("import_peak_mb_13k", round(big["peak_mb"]), "MB")
    report.add("import_seconds_13k", round(big["seconds"], 2), "s (preview + confirm)")
    report.add("import_rows_written_13k", base["rows"], "rows (programs + observations + tracked)")
    report.add("import_bulk_create_seconds_13k", round(base["bulk_create"], 2), "s")
    report.add("import_copy_seconds_13k", round(base["copy"], 3), "s (the floor)")
    report.add("import_ratio_vs_copy", round(big["seconds"] / base["copy"], 1), "× (ours / COPY)")
    report.add(
        "import_peer_seconds_13k", round(other["seconds"], 2), "s (ModelResource defaults: dry run + import)"
    )
    report.add(
        "import_peer_import_only_seconds_13k", round(other["import_only"], 2), "s (its import step alone)"
    )
    report.add(
        "import_reimport_seconds_13k", round(again["seconds"], 2), "s (unchanged file: nothing written)"
    )
    report.add(
        "import_statements_13k", again["statements"], "SQL statements (preview + confirm, first import)"
    )
    report.add("import_rows_per_s_3k", round(SMALL / small["seconds"]), "rows/s")
    report.add("import_xlsx_rows_per_s_3k", round(SMALL / xlsx["seconds"]), "rows/s")
    report.add(
        "import_xlsx_vs_csv_3k", round(xlsx["seconds"] / small["seconds"], 2), "× (XLSX time / CSV time)"
    )
    print(f"# generated files in {FILES.relative_to(ROOT)} on {date.today()}", flush=True)
