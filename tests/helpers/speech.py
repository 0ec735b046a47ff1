"""A real speech-dispatcher for tests: espeak-ng speaks into a file, every message is logged.

The whole text goes to espeak-ng in one piece (the generic module would otherwise cut it at
every full stop and run the command once for each). There is no sound card in CI, so the output module is speech-dispatcher's generic one running
espeak-ng with ``-w`` (a WAV file) and then sleeping a while, standing in for the time a voice
takes to play through a speaker (so a test can stop a reading while it is being read). Each
message is written as ``voice<TAB>text`` to ``said.txt`` before espeak-ng synthesises it.
ALSA's ``null`` device satisfies the server's audio check.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PLAYING_SECONDS = 30  # a reading lasts this long unless stopped

SERVER_CONF = """\
LogLevel 4
LogDir "{dir}/log"
AddModule "espeak-ng-file" "sd_generic" "espeak-ng-file.conf"
DefaultModule espeak-ng-file
DefaultLanguage "en"
AudioOutputMethod "alsa"
AudioALSADevice "null"
"""

MODULE_CONF = """\
Debug 0
GenericExecuteSynth \\
"printf '%s\\\\t%s\\\\n' \\'$VOICE\\' \\'$DATA\\' >> {dir}/said.txt; \
printf %s \\'$DATA\\' | espeak-ng -v $VOICE --stdin -w {dir}/spoken.wav; sleep {playing}"
GenericCmdDependency "espeak-ng"
GenericMaxChunkLength 100000
GenericDelimiters "\x01"
GenericLanguage "en" "en-us" "utf-8"
GenericLanguage "es" "es" "utf-8"
AddVoice "en" "MALE1" "en-us"
AddVoice "es" "MALE1" "es"
"""


@dataclass
class SpeechServer:
    """A running speech-dispatcher and where its client connects."""

    process: subprocess.Popen[bytes]
    folder: Path
    address: str

    def said(self) -> list[tuple[str, str]]:
        """(espeak-ng voice, text) of every message the engine was given, in order."""
        path = self.folder / "said.txt"
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [tuple(line.split("\t", 1)) for line in lines if "\t" in line]  # type: ignore[misc]

    def wav_bytes(self) -> int:
        """Size of the last WAV espeak-ng wrote (0: none)."""
        path = self.folder / "spoken.wav"
        return path.stat().st_size if path.exists() else 0

    def log(self) -> str:
        """The server's own log (for a failure's message)."""
        parts = [p.read_text(errors="replace") for p in sorted((self.folder / "log").glob("*"))]
        return "\n".join(parts)[-4000:]

    def stop(self) -> None:
        """End the server (it was started for the test alone)."""
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def missing_programs() -> list[str]:
    """What of speech-dispatcher and espeak-ng is not installed."""
    return [name for name in ("speech-dispatcher", "espeak-ng") if shutil.which(name) is None]


def start_speech_server(folder: Path) -> SpeechServer | str:
    """Start speech-dispatcher on a socket in ``folder``; the server, or why it did not start."""
    conf = folder / "conf"
    (conf / "modules").mkdir(parents=True)
    (folder / "log").mkdir()
    (conf / "speechd.conf").write_text(SERVER_CONF.format(dir=folder))
    (conf / "modules" / "espeak-ng-file.conf").write_text(
        MODULE_CONF.format(dir=folder, playing=PLAYING_SECONDS)
    )
    socket = folder / "speechd.sock"
    process = subprocess.Popen(
        [
            "speech-dispatcher",
            "--run-single",
            "--timeout",
            "0",
            "--config-dir",
            str(conf),
            "--log-dir",
            str(folder / "log"),
            "--communication-method",
            "unix_socket",
            "--socket-path",
            str(socket),
            "--pid-file",
            str(folder / "speechd.pid"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = SpeechServer(process, folder, f"unix_socket:{socket}")
    deadline = time.monotonic() + 20
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            return f"speech-dispatcher did not start: {server.log()}"
        time.sleep(0.05)
    return server
