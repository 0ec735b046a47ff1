"""PIN policy and scrypt hashing: every rule both ways, hashes that verify, salt and leaks."""

from __future__ import annotations

import re

import pytest

from kiosk.core import pins
from kiosk.core.pins import hash_pin, needs_rehash, pin_problem, verify_pin

CHEAP = 2**10  # tests hash cheaply; one test below checks the production parameters


@pytest.mark.parametrize(
    ("pin", "problem"),
    [
        ("", "too_short"),
        ("4829", "too_short"),
        ("48291", "too_short"),
        ("48 291", "not_digits"),
        ("48291a", "not_digits"),
        ("4829l5", "not_digits"),
        ("-482915", "not_digits"),
        ("٤٨٢٩١٥", "not_digits"),  # Arabic-Indic digits are digits to Python, not to the pad
        ("4829157361054", "too_long"),
        ("123456", "common"),
        ("654321", "common"),
        ("000000", "common"),
        ("777777", "common"),
        ("123123", "common"),
        ("112233", "common"),
        ("121212", "common"),
        ("696969", "common"),
        ("159753", "common"),
        ("147258", "common"),
        ("258369", "common"),
        ("520520", "common"),
        ("123321", "common"),
        ("111222", "common"),
        ("12345678", "common"),
        ("2222222", "repeated"),
        ("44444444", "repeated"),
        ("373737", "repeated"),
        ("3737373", "repeated"),
        ("846846", "repeated"),
        ("846846846", "repeated"),
        ("234567", "sequential"),
        ("987654", "sequential"),
        ("890123", "sequential"),
        ("210987", "sequential"),
        ("3456789012", "sequential"),
    ],
)
def test_refused_pins_name_their_rule(pin: str, problem: str) -> None:
    """Each refused PIN comes back with the rule it breaks."""
    assert pin_problem(pin) == problem


@pytest.mark.parametrize(
    "pin",
    [
        "482915",  # six digits, no pattern
        "739104",
        "123457",  # a run broken at the end
        "135790",  # steps of two are not runs of one
        "122334",
        "8462913057",
        "482915736105",  # twelve digits exactly
        "19851985",  # birthday-like patterns are allowed
        "200412",
        "846847",  # almost a repeated block
        "012346",
        "9876542",  # a descending run broken at the end
    ],
)
def test_good_pins_pass(pin: str) -> None:
    """PINs without a known weakness, at both ends of the length limits, are accepted."""
    assert pin_problem(pin) is None


def test_length_limits_are_six_and_twelve() -> None:
    """Six and twelve digits are inside the policy, five and thirteen outside."""
    assert pin_problem("48291") == "too_short"
    assert pin_problem("482917") is None
    assert pin_problem("482917361058") is None
    assert pin_problem("4829173610583") == "too_long"


def test_every_common_pin_is_refused_and_no_good_pin_is_common() -> None:
    """Every listed common PIN is refused (as common), and the list has no short entries."""
    for pin in pins.COMMON_PINS:
        assert pin_problem(pin) == "common", pin
        assert len(pin) >= pins.PIN_MIN


def test_hash_verifies_the_right_pin_only() -> None:
    """The PIN that was hashed verifies; a different one does not."""
    stored = hash_pin("482915", cost=CHEAP)
    assert verify_pin("482915", stored)
    assert not verify_pin("482916", stored)
    assert not verify_pin("", stored)
    assert not verify_pin("4829150", stored)


def test_salts_differ() -> None:
    """Two hashes of the same PIN differ in salt and key, and both verify."""
    first = hash_pin("482915", cost=CHEAP)
    second = hash_pin("482915", cost=CHEAP)
    assert first != second
    assert first.split("$")[2] != second.split("$")[2]
    assert verify_pin("482915", first)
    assert verify_pin("482915", second)


def test_stored_string_is_self_describing() -> None:
    """The stored string names the scheme and the cost used, then a 16-byte salt and 32-byte key."""
    stored = hash_pin("482915", cost=CHEAP)
    match = re.fullmatch(r"scrypt\$n=1024,r=8,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)", stored)
    assert match is not None, stored
    assert len(match.group(1)) == 22  # 16 bytes, unpadded base64
    assert len(match.group(2)) == 43  # 32 bytes


def test_default_parameters_are_owasp() -> None:
    """The default cost is scrypt N=2**17, r=8, p=1 (the one slow test of this file)."""
    assert pins.DEFAULT_COST == 2**17
    stored = hash_pin("482915")
    assert stored.startswith("scrypt$n=131072,r=8,p=1$")
    assert verify_pin("482915", stored)
    assert not needs_rehash(stored)


def test_stored_string_does_not_contain_the_pin() -> None:
    """No run of the PIN's digits shows in clear in what is stored."""
    pin = "482915"
    for _ in range(20):
        stored = hash_pin(pin, cost=CHEAP)
        assert pin not in stored
        assert pin not in stored.replace("$", "")


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "482915",
        "scrypt",
        "scrypt$n=1024,r=8,p=1$",
        "scrypt$n=1024,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA",
        "bcrypt$n=1024,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=1000,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=0,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=-1024,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=1024,r=8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$r=8,n=1024,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=1024,r=8,p=1$!!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=1024,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$not base64 at all",
        "scrypt$n=1024,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",  # key far too short
        "scrypt$n=1024,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$x",
        # parameters that would need gigabytes: refused, not attempted
        "scrypt$n=1048576,r=16,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=1073741824,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$n=1024,r=999,p=999$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_malformed_stored_string_is_false(stored: str) -> None:
    """Anything that is not a hash made here verifies as False, never raises."""
    assert verify_pin("482915", stored) is False
    assert needs_rehash(stored)


def test_tampered_hash_is_false() -> None:
    """Changing the stored key or the stored cost makes the right PIN fail."""
    stored = hash_pin("482915", cost=CHEAP)
    scheme, params, salt, key = stored.split("$")
    flipped = ("B" if key[0] == "A" else "A") + key[1:]
    assert not verify_pin("482915", "$".join((scheme, params, salt, flipped)))
    assert not verify_pin("482915", "$".join((scheme, "n=2048,r=8,p=1", salt, key)))


def test_cheap_hash_needs_rehash_at_the_default_cost() -> None:
    """A hash made cheaper than the cost in use is flagged for rehashing; an equal one is not."""
    stored = hash_pin("482915", cost=CHEAP)
    assert needs_rehash(stored)
    assert not needs_rehash(stored, cost=CHEAP)


@pytest.mark.parametrize("cost", [0, 1, 1000, 3, 2**21])
def test_bad_cost_is_refused(cost: int) -> None:
    """The cost must be a power of two within what verify_pin will later accept."""
    with pytest.raises(ValueError, match="power of two"):
        hash_pin("482915", cost=cost)
