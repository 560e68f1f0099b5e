"""The process tests/test_crash.py kills: it captures as fast as it can, and says what it saved.

Run as `python tests/crash_child.py DATA_DIR SESSION_ID SEED`. It opens the data folder, runs
the session live on the system clock and makes captures in a loop: point codes with subjects,
free notes, "conflict surfaced" with a note, and state keys that start, stop and stop each
other. Only after `LiveRun.submit` has returned a receipt (the transaction has committed) does
it print, and flush, one line per fact the parent must later find on disk:

    new UUID          a capture row with this UUID exists
    ended ID          the state capture with this id has a duration

It prints "ready" once the session is open, and never stops by itself.
"""

import random
import sys
from datetime import date
from pathlib import Path

from facilitator.domain.enums import CaptureKind, SubjectKind, SubjectRole
from facilitator.domain.live import SystemClock
from facilitator.services.capture import SubjectRef
from facilitator.services.live_run import LiveRun
from facilitator.services.store import open_store

POINTS = (
    ("dialogue-patterns", "repeating"),
    ("dialogue-patterns", "truly-listening"),
    ("conflict-surfacing", "difficult-truth"),
    ("five-factors", "shared-purpose"),
)
STATES = (
    ("dialogue-patterns", "stuck"),
    ("dialogue-patterns", "generative"),
    ("dialogue-patterns", "entrenched"),
)
SURFACED = ("conflict-surfacing", "conflict-surfaced")


def main() -> None:
    data_dir, session_id, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    chance = random.Random(seed)
    db = open_store(data_dir, today=date(2026, 11, 23))
    run = LiveRun(db, session_id, clock=SystemClock())
    codes = {(s.slug, c.slug): c.id for s in run.schemes for c in s.codes}
    people = [p.id for p in run.detail.attendees]
    print("ready", flush=True)
    count = 0
    while True:
        count += 1
        roll = chance.random()
        if roll < 0.55:
            request = run.request(
                code_ids=[codes[chance.choice(POINTS)]],
                subjects=(
                    SubjectRef(SubjectKind.PARTICIPANT, chance.choice(people), SubjectRole.FROM),
                    SubjectRef(SubjectKind.PARTICIPANT, chance.choice(people), SubjectRole.TO),
                ),
                note=f"Capture {count} – Łukasz’s point",
            )
        elif roll < 0.85:
            request = run.request(code_ids=[codes[chance.choice(STATES)]])
        elif roll < 0.95:
            request = run.request(kind=CaptureKind.NOTE, note=f"Free note {count}")
        else:
            request = run.request(code_ids=[codes[SURFACED]], note=f"Conflict {count}\nDetail")
        receipt = run.submit(request)
        if receipt is None:  # the file refused it: say so, so the parent can fail clearly
            print(f"waiting {run.last_problem}", flush=True)
            continue
        lines = []
        if receipt.uuid == request.uuid:
            lines.append(f"new {receipt.uuid}")
        lines.extend(f"ended {ended}" for ended in receipt.stopped)
        sys.stdout.write("".join(line + "\n" for line in lines))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
