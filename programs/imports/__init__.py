"""Spreadsheets and NRMP tables in, programs and facts with their source out (issue 3).

reading   bytes → rows: limits, format, encoding, delimiter      headers   column aliases and mappings
identity  program number, state and specialty checks               cleaning  rows → clean rows or row errors
planning  the dry run, by reading existing state in bulk           writing   COPY / bulk_create
applying  the all-or-nothing writes                                nrmp      NRMP tables → SpecialtyStat
analysis  one pass: read, map, clean, plan                         cache     the preview's cleaned rows
pipeline  a batch's life: preview, confirm, run, expire            undo      undo an import
views / forms / access / browse / steps / admin: the catalog pages, the staff import, the home's next step.
"""
