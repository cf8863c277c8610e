"""Factories for the programs domain, shared by every app's tests."""

from datetime import date

import factory

from programs.choices import SourceKind
from programs.models import Program, ProgramFact, Specialty, TrackedProgram


def specialty(code: str = "765") -> Specialty:
    """A seeded specialty (the data migration creates them)."""
    return Specialty.objects.get(code=code)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    # State code 98 is no real state, so generated numbers never collide with the demo catalog.
    number = factory.Sequence(lambda n: f"76598{n:05d}")
    name = factory.Sequence(lambda n: f"Test Children's Hospital Program {n}")
    city = "New York"
    state = "NY"
    specialty = factory.LazyFunction(lambda: specialty("765"))


class ProgramFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramFact

    program = factory.SubFactory(ProgramFactory)
    workspace = None
    values = factory.LazyFunction(dict)
    source_kind = SourceKind.FREIDA
    observed_on = factory.LazyFunction(date.today)


class TrackedProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedProgram

    program = factory.SubFactory(ProgramFactory)
