"""The ``demo`` command: a reproducible demo day in the data folder."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time

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


def _time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time (HH:MM): {text!r}") from None


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--intakes", type=_count, required=True, metavar="N", help="how many")
    parser.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day (default today)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="same seed, same day")
    parser.add_argument(
        "--at",
        type=_time,
        metavar="HH:MM",
        help="the day as it stands at this time (default: now today, 14:00 a day to come,"
        " a day gone by complete)",
    )
    parser.add_argument(
        "--history",
        type=_history,
        default=0,
        metavar="N",
        help="also N earlier intakes, 200 a clinic day before the day (needs an empty data folder)",
    )


def demo(args: argparse.Namespace) -> int:
    """Fill the data folder with a reproducible demo day."""
    from kiosk.services.demo.day import (  # reportlab only for this command  # noqa: PLC0415
        EARLIEST_SEEN,
        DemoError,
        board_moment,
        board_states,
        demo_zone,
        make_demo,
    )
    from kiosk.services.demo.history import make_history  # noqa: PLC0415
    from kiosk.services.station import StationService  # noqa: PLC0415

    if args.at is not None and args.at < EARLIEST_SEEN:
        raise UserError(f"--at must be {EARLIEST_SEEN:%H:%M} or later: the clinic opens at 08:00")
    context = open_data(args)
    try:
        day = args.date or today(context.clock)
        tz = demo_zone(context.forms.settings)
        if args.at is not None:
            until: datetime | None = datetime.combine(day, args.at, tz)
        else:
            until = board_moment(day, context.clock.now(), tz)
        try:
            history = make_history(context, args.history, day, seed=args.seed)
            ids = make_demo(context, args.intakes, day, seed=args.seed, nurses=True, until=until)
        except DemoError as exc:
            raise UserError(str(exc)) from None
        made = set(ids)
        station = StationService.on(context)
        rows = [row for row in station.board(day) if row.id in made]
        seen = until or context.clock.now()
        states = board_states(rows, seen, context.forms.settings)
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
    when = f"at {seen.astimezone(tz).strftime('%H:%M')}" if until is not None else "now"
    print(f"demo: the board {when}: " + ", ".join(f"{n} {what}" for what, n in states.items()))
    return EXIT_OK


COMMANDS = (
    Command(("demo",), "fill the data folder with a reproducible demo day", demo, _demo_arguments),
)
