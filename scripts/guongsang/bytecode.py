"""Compiled templates kept between builds.

Jinja compiles every template a build uses (Material's and ours: about 0.15 s of a warm
build) from source each time. Its file cache keys a template by name and checks the source's
checksum, so an edited template is compiled again; a damaged or unreadable file is only a
template compiled again, never a failed build. The cache does not know the environment's
compile settings (autoescaping, delimiters, extensions), so each set of them has its own
folder.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket


class _Cache(FileSystemBytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        # A read-only or full disk costs the next build the compiling only.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _settings(env: Environment) -> str:
    autoescape = env.autoescape
    if callable(autoescape):
        autoescape = f"{autoescape.__module__}.{autoescape.__qualname__}"
    names = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline", "optimized", "is_async")
    text = repr([getattr(env, n) for n in names] + [autoescape, sorted(env.extensions)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def install(env: Environment, folder: Path) -> BytecodeCache | None:
    """Keep `env`'s compiled templates under `folder` (made if missing)."""
    folder = folder / _settings(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    env.bytecode_cache = _Cache(str(folder))
    return env.bytecode_cache
