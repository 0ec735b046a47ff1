"""The ``demo`` command: a reproducible demo day in the data folder."""

from __future__ import annotations

import argparse
from datetime import date

from kiosk.cli.command import EXIT_OK, Command, UserError, open_data
from kiosk.core.clock import today


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _history(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--intakes", type=_count, required=True, metavar="N", help="how many")
    parser.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day (default today)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="same seed, same day")
    parser.add_argument(
        "--history",
        type=_history,
        default=0,
        metavar="N",
        help="also N earlier intakes, 200 a clinic day before the day (needs an empty data folder)",
    )


def demo(args: argparse.Namespace) -> int:
    """Fill the data folder with a reproducible demo day."""
    from kiosk.services.demo.day import DemoError, make_demo  # reportlab only for this command  # noqa: PLC0415
    from kiosk.services.demo.history import make_history  # noqa: PLC0415
    from kiosk.services.station import StationService  # noqa: PLC0415

    context = open_data(args)
    try:
        day = args.date or today(context.clock)
        try:
            history = make_history(context, args.history, day, seed=args.seed)
            ids = make_demo(context, args.intakes, day, seed=args.seed)
        except DemoError as exc:
            raise UserError(str(exc)) from None
        made = set(ids)
        rows = [row for row in StationService.on(context).board(day) if row.id in made]
    finally:
        context.close()
    if history:
        print(
            f"demo: {args.history} earlier intakes on {len(history)} clinic days,"
            f" {history[0].isoformat()} to {history[-1].isoformat()}"
        )
    complete = sum(1 for r in rows if r.completed_at)
    verified = sum(1 for r in rows if r.verified)
    print(
        f"demo: {len(ids)} intakes for {day.isoformat()} in {args.data_dir}"
        f" ({complete} complete, {len(ids) - complete} unfinished, {verified} verified)"
    )
    return EXIT_OK


COMMANDS = (
    Command(("demo",), "fill the data folder with a reproducible demo day", demo, _demo_arguments),
)
