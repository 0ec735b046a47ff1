"""The ``consent`` commands: list the consent versions, publish the next one, verify signed ones."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data
from kiosk.services.consent_integrity import NoSuchConsentError, check_consents
from kiosk.services.consent_versions import PublishError, consent_summary, publish_consent

ACTOR = "command line"
EXIT_CHANGED = 1  # a signed consent's bytes no longer match their hashes


def consent_list(args: argparse.Namespace) -> int:
    """One line per version: number, signed count, title; the current one is marked."""
    context = open_data(args)
    try:
        versions = consent_summary(context)
    finally:
        context.close()
    for entry in versions:
        mark = "current" if entry.is_current else ""
        print(f"v{entry.version}\t{entry.signed_count} signed\t{mark}\t{entry.title_en}".rstrip())
    return EXIT_OK


def _publish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the new version's TOML file")


def consent_publish(args: argparse.Namespace) -> int:
    """Copy FILE in as the next consent version; signed copies are never touched."""
    context = open_data(args)
    try:
        version = publish_consent(context, args.file, ACTOR)
    except PublishError as problem:
        raise UserError(f"nothing published: {problem}") from None
    finally:
        context.close()
    print(f"consent v{version} published; the next patient signs it")
    return EXIT_OK


def _consent_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a consent id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("a consent id is 1 or more")
    return value


def _verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "id", nargs="?", type=_consent_id, metavar="ID", help="one signed consent's id"
    )
    parser.add_argument("--all", action="store_true", help="every signed consent")


def consent_verify(args: argparse.Namespace) -> int:
    """Recompute the text and PDF hashes; one line per consent that changed, then exit 1."""
    if (args.id is None) == (not args.all):
        raise UserError("give one consent ID or --all")
    context = open_data(args)
    try:
        result = check_consents(context.db, context.forms, args.id)
    except NoSuchConsentError as missing:
        raise UserError(str(missing)) from None
    finally:
        context.close()
    for finding in result.findings:
        print(finding.describe())
    if result.findings:
        changed = len(result.findings)
        raise UserError(
            f"{changed} of {result.checked} signed consent{'' if result.checked == 1 else 's'}"
            " changed since signing (listed above)",
            EXIT_CHANGED,
        )
    if args.id is not None:
        print(f"consent {args.id} intact: its text and PDF match their hashes")
    elif result.checked == 0:
        print("no signed consents yet")
    else:
        print(f"all {result.checked} signed consents intact: texts and PDFs match their hashes")
    return EXIT_OK


COMMANDS: tuple[Command, ...] = (
    Command(
        ("consent", "list"), "list consent versions and how often each was signed", consent_list
    ),
    Command(
        ("consent", "publish"),
        "publish the next consent version from a TOML file",
        consent_publish,
        _publish_arguments,
    ),
    Command(
        ("consent", "verify"),
        "check that signed consents' texts and PDFs still match their hashes",
        consent_verify,
        _verify_arguments,
    ),
)
