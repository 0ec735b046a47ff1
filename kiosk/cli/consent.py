"""The ``consent`` commands: list the consent versions and publish the next one."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data
from kiosk.consent_versions import PublishError, consent_summary, publish_consent

GROUP_HELP = "versions of the consent patients sign"
ACTOR = "command line"


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
)
