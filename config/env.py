"""Small typed readers for environment variables that fail loudly on junk values.

Every setting that can come from the environment is read through one of these, so a typo such as
``DEBUG=ture`` stops the process with a clear message instead of silently meaning "off".
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET = object()


def _raw(name: str, default: object) -> str | None:
    value = os.environ.get(name)
    if value is None:
        if default is _UNSET:
            raise ImproperlyConfigured(f"The environment variable {name} is required but not set.")
        return None
    return value.strip()


def env_str(name: str, default: object = _UNSET) -> str:
    value = _raw(name, default)
    return default if value is None else value  # type: ignore[return-value]


def env_bool(name: str, default: object = _UNSET) -> bool:
    value = _raw(name, default)
    if value is None:
        return bool(default)
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no.")


def env_int(name: str, default: object = _UNSET, *, minimum: int | None = None) -> int:
    value = _raw(name, default)
    if value is None:
        return int(default)  # type: ignore[call-overload]
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name: str, default: object = _UNSET) -> list[str]:
    value = _raw(name, default)
    if value is None:
        return list(default)  # type: ignore[call-overload]
    return [item.strip() for item in value.split(",") if item.strip()]
