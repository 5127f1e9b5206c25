"""Media files: where they may live, what they must be, and their clean public copies."""

from __future__ import annotations

import contextlib
import hashlib
import json
import warnings
from pathlib import Path, PurePosixPath

from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from PIL import Image, UnidentifiedImageError

from . import atomic
from .schema import AUDIO_EXTENSIONS, IMAGE_EXTENSIONS

# Set on purpose: a 48 MP phone photo passes, a crafted 10k×10k "bomb" does not.
MAX_PIXELS = 64_000_000
MAX_IMAGE_BYTES = 30 * 1024 * 1024
MAX_AUDIO_BYTES = 200 * 1024 * 1024
MIN_SIDE, MIN_LONG_SIDE = 200, 320
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


class MediaError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def resolve(src: str, media_dir: Path) -> tuple[str, Path]:
    """Map what the editor wrote to a file inside content/media/, or raise MediaError.

    Accepted forms: `media/x.jpg` (relative to content/), `content/media/x.jpg`, `x.jpg`.
    """
    if not src.strip():
        raise MediaError("đường dẫn tệp trống")
    text = src.strip().replace("\\", "/")
    hint = "Đặt tệp trong thư mục content/media/ và ghi đường dẫn dạng media/ten-tep.jpg."
    if text.startswith("/") or ":" in text.split("/")[0]:
        raise MediaError(f"“{src}” là đường dẫn tuyệt đối hoặc địa chỉ web, "
                         "không nằm trong content/media/", hint)
    parts = PurePosixPath(text).parts
    if parts[:1] == ("content",):
        parts = parts[1:]
    if parts[:1] == ("media",):
        parts = parts[1:]
    elif len(parts) > 1:
        raise MediaError(f"“{src}” nằm ngoài thư mục content/media/", hint)
    if not parts or ".." in parts:
        raise MediaError(f"“{src}” nằm ngoài thư mục content/media/", hint)
    rel = "/".join(parts)
    path = media_dir / rel
    # Refuse links anywhere on the way: they could point out of the repository.
    probe = media_dir
    for part in parts:
        probe = probe / part
        if probe.is_symlink():
            raise MediaError(f"“{src}” đi qua một liên kết tượng trưng (symlink)",
                             "Chép tệp thật vào content/media/ thay vì liên kết.")
    try:
        path.resolve().relative_to(media_dir.resolve())
    except ValueError:
        raise MediaError(f"“{src}” nằm ngoài thư mục content/media/", hint) from None
    if not path.is_file():
        raise MediaError(f"không tìm thấy tệp content/media/{rel}",
                         "Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và phần mở rộng.")
    return rel, path


# What is known of each media file that passed its checks, kept between builds and trusted
# while the file's size and modification time are unchanged (as make does): a rebuild does
# not decode or hash a photo it has already checked.
_MEMO: dict[str, dict] = {}
_MEMO_FILE: list[Path] = []


# Photos that passed `_check_image`, by their bytes (and the rules they passed): one small
# file each, beside the images made from them, so that a build whose `media.json` is gone
# (a CI job that keeps only the images) hashes a photo it has checked but does not decode
# it again. Only a pass is kept: a photo that fails is decoded each time, to say why.
_PASSED: list[Path] = []
_RULES = f"{MAX_PIXELS}.{MAX_IMAGE_BYTES}.{MIN_SIDE}.{MIN_LONG_SIDE}"


def use_cache(folder: Path | None) -> None:
    _MEMO.clear()
    _PASSED[:] = [folder / "images" / "passed"] if folder is not None else []
    _MEMO_FILE[:] = [folder / "media.json"] if folder is not None else []
    if _MEMO_FILE and _MEMO_FILE[0].is_file():
        with contextlib.suppress(ValueError, OSError):  # a damaged cache: a slower build
            _MEMO.update(json.loads(_MEMO_FILE[0].read_text("utf-8")))


def save_cache() -> None:
    if not _MEMO_FILE:
        return
    atomic.write_text(_MEMO_FILE[0], json.dumps(_MEMO, sort_keys=True))


def entries(paths: list[Path]) -> dict:
    """What is known of these files, for `remember` in another process."""
    return {str(p): _MEMO[str(p)] for p in paths if str(p) in _MEMO}


def remember(entries: dict) -> None:
    _MEMO.update(entries)


def _known(path: Path) -> dict:
    """The memo entry of `path`, emptied when the file changed since it was made."""
    st = path.stat()
    stamp = f"{st.st_size}:{st.st_mtime_ns}"
    entry = _MEMO.get(str(path))
    if entry is None or entry.get("stamp") != stamp:
        entry = _MEMO[str(path)] = {"stamp": stamp}
    return entry


def digest(path: Path) -> str:
    """SHA-256 of the file's bytes (the image cache's key)."""
    entry = _known(path)
    if "sha256" not in entry:
        entry["sha256"] = _sha256_file(path)
    return entry["sha256"]


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_image(path: Path) -> tuple[int, int]:
    """Open the image for real; return its size or raise MediaError with the reason."""
    entry = _known(path)
    if "image_size" in entry:
        return tuple(entry["image_size"])
    passed = None
    if _PASSED and path.suffix.lower() in IMAGE_EXTENSIONS:
        name = f"{digest(path)}{path.suffix.lower()}.{_RULES}"  # the key of the images too
        passed = _PASSED[0] / name[:2] / name
        with contextlib.suppress(OSError, ValueError):
            width, height = map(int, passed.read_text("ascii").split())
            entry["image_size"] = [width, height]
            return width, height
    width, height = _check_image(path)
    entry["image_size"] = [width, height]
    if passed is not None:
        with contextlib.suppress(OSError):  # not kept: checked again next time
            passed.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(passed, f"{width} {height}")
    return width, height


def _check_image(path: Path) -> tuple[int, int]:
    ext = path.suffix.lower()
    if ext not in IMAGE_EXTENSIONS:
        raise MediaError(f"định dạng “{ext or 'không có đuôi'}” không được dùng cho ảnh",
                         "Dùng ảnh JPEG, PNG hoặc WebP.")
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise MediaError(f"ảnh quá lớn ({size // (1024 * 1024)} MB)",
                         "Thu nhỏ ảnh xuống dưới 30 MB trước khi đưa lên.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                fmt = im.format
                width, height = im.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                # A JPEG is read to its end at an eighth of its size: every byte is still
                # decoded (a cut or broken file fails the same way), the pixels are not
                # put together — 3× quicker for a photo.
                im.draft(None, (max(1, width // 8), max(1, height // 8)))
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaError("ảnh có số điểm ảnh quá lớn (nghi là “bom giải nén”)",
                         f"Ảnh không được vượt {MAX_PIXELS // 1_000_000} triệu điểm ảnh; "
                         "hãy thu nhỏ ảnh.") from None
    except UnidentifiedImageError:
        raise MediaError("tệp không phải là ảnh hợp lệ",
                         "Mở ảnh bằng phần mềm xem ảnh và lưu lại dạng JPEG.") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaError(f"ảnh bị hỏng hoặc không đầy đủ ({exc})",
                         "Chép lại ảnh gốc từ máy ảnh/điện thoại.") from None
    if fmt != _FORMATS[ext]:
        raise MediaError(f"tệp có đuôi “{ext}” nhưng thực chất là ảnh {fmt}",
                         f"Đổi đuôi tệp cho đúng định dạng {fmt} hoặc lưu lại thành {ext}.")
    if min(width, height) < MIN_SIDE or max(width, height) < MIN_LONG_SIDE:
        raise MediaError(f"ảnh quá nhỏ ({width}×{height} điểm ảnh)",
                         f"Dùng ảnh ít nhất {MIN_LONG_SIDE}×{MIN_SIDE} điểm ảnh.")
    return width, height


def check_audio(path: Path) -> float:
    """Check that the file is real MP3/M4A audio of reasonable size; return its length in
    seconds, read from the audio frames themselves (mutagen)."""
    ext = path.suffix.lower()
    if ext not in AUDIO_EXTENSIONS:
        raise MediaError(f"định dạng “{ext}” không được dùng cho âm thanh", "Dùng MP3 hoặc M4A.")
    size = path.stat().st_size
    if size > MAX_AUDIO_BYTES:
        raise MediaError(f"tệp âm thanh quá lớn ({size // (1024 * 1024)} MB)",
                         "Xuất lại ở 64 kbps (đủ cho giọng đọc) hoặc cắt bớt.")
    reader = MP3 if ext == ".mp3" else MP4
    try:
        info = reader(path).info
    except (MutagenError, OSError, ValueError, IndexError):
        info = None
    if info is None or not getattr(info, "length", 0):
        raise MediaError(f"tệp không phải âm thanh {ext[1:].upper()} thật hoặc bị hỏng",
                         "Xuất lại bản ghi âm ra MP3 hoặc M4A bằng phần mềm thu âm.")
    return float(info.length)


def parse_duration(text: str) -> float | None:
    """'03:20', '1:02:03' or '200' (seconds) → seconds; None if unreadable."""
    parts = str(text).strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    seconds = 0
    for p in parts:
        seconds = seconds * 60 + int(p)
    return float(seconds)


def format_duration(seconds: float) -> str:
    total = round(seconds)
    h, rest = divmod(total, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"
