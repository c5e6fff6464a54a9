"""The dataset metadata (``metadata.json``) as a typed model, and the monetary unit it names.

Every reader of a dataset's metadata (the canonical adapter, :func:`nqpf.contract.write_dataset`,
the build record) validates it here, so a boolean is a boolean (``"false"`` is false, ``"maybe"``
is refused), a scale is a positive number, and a unit the parser cannot read is an error rather
than a silent scale of 1.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

#: dataset ids are folder names: lower snake case, short enough for every file system
DATASET_ID = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")


def check_dataset_id(name: object) -> str:
    """``name`` if it is a dataset id; else ValueError saying why. The one check of an id:
    nothing strips white space first, so ``"cn "`` is refused rather than becoming a second
    folder beside ``cn``."""
    if not isinstance(name, str) or not DATASET_ID.fullmatch(name):
        raise ValueError(f"{name!r} is not a dataset id (1-64 of a-z, 0-9 and _, starting "
                         "with a letter or digit; no white space)")
    return name

_TRUE, _FALSE = {"true", "yes"}, {"false", "no"}


def _strict_bool(value: Any) -> Any:
    """JSON booleans, or the words true/false/yes/no; anything else is refused (a plain
    ``bool("false")`` would be True)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"expected true or false, not {value!r}")


StrictishBool = Annotated[bool, BeforeValidator(_strict_bool)]
Text = Annotated[str, Field(min_length=1)]


class MetadataError(ValueError):
    """metadata.json breaks the contract; the message names the field and the rule."""


class DatasetMetadata(BaseModel):
    """The keys of ``metadata.json``; other keys are kept as they are."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    dataset: Annotated[str, BeforeValidator(check_dataset_id)]
    title: Text
    publisher: Text
    monetary_unit: Text
    region_level: Text
    mrio: StrictishBool
    classification: Text | dict[str, Text]
    synthetic: StrictishBool = False
    #: the regions form one economy (one price system); None: below country level they do
    single_economy: StrictishBool | None = None
    source: str | None = None
    license: str | None = None
    import_treatment: str | None = None
    currency: str | None = None
    currency_scale: float | None = None
    notes: list[str] = Field(default_factory=list)

    @field_validator("classification", mode="before")
    @classmethod
    def _year_keys(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key in value:
                if not str(key).isdigit():
                    raise ValueError(f"year key {key!r} is not a year")
            return {str(k): v for k, v in value.items()}
        return value

    @field_validator("currency_scale")
    @classmethod
    def _positive_scale(cls, value: float | None) -> float | None:
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ValueError(f"must be a positive finite number, not {value!r}")
        return value

    @field_validator("monetary_unit")
    @classmethod
    def _readable_unit(cls, value: str) -> str:
        parse_monetary_unit(value)  # raises on a unit it cannot read
        return value

    @model_validator(mode="after")
    def _currency_agrees_with_unit(self) -> DatasetMetadata:
        """``currency`` and ``currency_scale`` may say what the unit leaves open, never the
        opposite of what it says: 万元 with a scale of 1000 would put every per-hour figure
        off by ten, 万元 with currency USD would label yuan as dollars."""
        currency, scale = parse_monetary_unit(self.monetary_unit)
        if (self.currency is not None and _ISO_CURRENCY.fullmatch(currency)
                and self.currency != currency):
            raise ValueError(f"currency {self.currency!r} contradicts monetary_unit "
                             f"{self.monetary_unit!r}, which is {currency}")
        if (self.currency_scale is not None and scale != 1.0
                and not math.isclose(self.currency_scale, scale, rel_tol=1e-12)):
            raise ValueError(f"currency_scale {self.currency_scale:g} contradicts "
                             f"monetary_unit {self.monetary_unit!r}, which is {scale:g} "
                             f"{currency}")
        return self

    def scheme_for(self, year: int) -> str | None:
        """The sector scheme of ``year``, or None when the metadata names none."""
        c = self.classification
        return c if isinstance(c, str) else c.get(str(year))

    def currency_pair(self) -> tuple[str, float]:
        """The currency and how many of its units one monetary unit holds: ``currency`` /
        ``currency_scale`` when given, else read from ``monetary_unit``."""
        currency, scale = parse_monetary_unit(self.monetary_unit)
        return self.currency or currency, self.currency_scale or scale


def parse_metadata(meta: dict[str, Any], source: str = "metadata.json") -> DatasetMetadata:
    """Validate ``meta``; raise :class:`MetadataError` naming every bad field."""
    try:
        return DatasetMetadata.model_validate(meta)
    except ValidationError as exc:
        problems = "; ".join(
            # a rule between fields (loc empty) names its fields itself
            (f"field {'.'.join(str(p) for p in err['loc'])}: " if err["loc"] else "")
            + err["msg"].removeprefix("Value error, ")
            + ("" if err["type"] in ("value_error", "missing") else f" (got {err['input']!r})")
            for err in exc.errors())
        raise MetadataError(f"{source}: {problems} (rule: invalid_metadata)") from None


# --- monetary units ---------------------------------------------------------------------

#: Chinese magnitude characters; 百万 = 100 x 10,000 and so on multiply
_CN_DIGITS = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8}
_CN_UNIT = re.compile(r"^(?:人民币)?([十百千万亿]*)元$")
_SCALE_WORDS = {"ten": 10.0, "hundred": 100.0, "thousand": 1e3, "thousands": 1e3,
                "million": 1e6, "millions": 1e6, "mill": 1e6, "mio": 1e6,
                "billion": 1e9, "billions": 1e9, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
_CURRENCY_WORDS = {"yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "元": "CNY"}
#: a currency the unit names as a code (CNY from 元 or yuan, USD from "USD million")
_ISO_CURRENCY = re.compile(r"[A-Z]{3}")
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?(?:e\d+)?$", re.IGNORECASE)


def parse_monetary_unit(unit: str) -> tuple[str, float]:
    """``"CNY 10,000"`` -> (CNY, 10000); ``"USD million"``, ``"M.EUR"`` -> (USD, 1e6), (EUR, 1e6);
    ``"万元"`` -> (CNY, 1e4); ``"亿元"`` -> (CNY, 1e8); ``"10 thousand yuan"`` -> (CNY, 1e4).
    A unit that names no scale is its own currency with scale 1 (``"USD"``, ``"synthetic
    unit"``); a number or magnitude it cannot read raises ValueError."""
    text = unit.strip()
    cn = _CN_UNIT.match(text.replace(" ", ""))
    if cn:
        return "CNY", float(math.prod(_CN_DIGITS[c] for c in cn.group(1)))
    scale, currency, words = 1.0, None, []
    # "M.EUR": a dot between letters separates words; a dot in a number is a decimal point
    spaced = re.sub(r"(?<=[A-Za-z])[.-](?=[A-Za-z])|[()]", " ", text)
    for token in spaced.split():
        low = token.lower()
        if _NUMBER.match(token):
            scale *= float(token.replace(",", ""))
        elif low in _SCALE_WORDS:
            scale *= _SCALE_WORDS[low]
        elif low in _CURRENCY_WORDS:
            currency = _CURRENCY_WORDS[low]
        elif any(ch.isdigit() for ch in token) or any(ch in _CN_DIGITS for ch in token):
            raise ValueError(f"monetary unit {unit!r}: cannot read {token!r} as a scale")
        else:
            words.append(token)
    if scale <= 0 or not math.isfinite(scale):
        raise ValueError(f"monetary unit {unit!r}: the scale must be a positive number")
    if currency is None:
        currency = " ".join(words) if scale != 1.0 else text
    return currency, scale
