"""Media files: where they may live, what they must be, and their clean public copies."""

from __future__ import annotations

import io
import warnings
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

from .schema import AUDIO_EXTENSIONS, IMAGE_EXTENSIONS

# Set on purpose: a 48 MP phone photo passes, a crafted 10k×10k "bomb" does not.
MAX_PIXELS = 64_000_000
MAX_IMAGE_BYTES = 30 * 1024 * 1024
MAX_AUDIO_BYTES = 200 * 1024 * 1024
MIN_SIDE, MIN_LONG_SIDE = 200, 320
PUBLISHED_MAX_WIDTH = 1600
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


def check_image(path: Path) -> tuple[int, int]:
    """Open the image for real; return its size or raise MediaError with the reason."""
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


def check_audio(path: Path) -> None:
    ext = path.suffix.lower()
    if ext not in AUDIO_EXTENSIONS:
        raise MediaError(f"định dạng “{ext}” không được dùng cho âm thanh", "Dùng MP3 hoặc M4A.")
    size = path.stat().st_size
    if size > MAX_AUDIO_BYTES:
        raise MediaError(f"tệp âm thanh quá lớn ({size // (1024 * 1024)} MB)")
    with path.open("rb") as fh:
        head = fh.read(12)
    is_mp3 = head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
    is_m4a = head[4:8] == b"ftyp"
    if (ext == ".mp3" and not is_mp3) or (ext == ".m4a" and not is_m4a):
        raise MediaError(f"tệp không phải âm thanh {ext[1:].upper()} thật",
                         "Xuất lại bản ghi âm ra MP3 hoặc M4A bằng phần mềm thu âm.")


def clean_photo(path: Path, max_width: int = PUBLISHED_MAX_WIDTH, quality: int = 82) -> bytes:
    """A published copy: upright, at most max_width px wide (never upscaled), no metadata at
    all (EXIF, GPS, XMP…)."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        if im.width > max_width:
            im = im.resize((max_width, max(1, round(im.height * max_width / im.width))),
                           Image.LANCZOS)
        if im.mode not in ("RGB", "L"):
            background = Image.new("RGB", im.size, (255, 255, 255))
            rgba = im.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            im = background
        out = io.BytesIO()
        # A fresh image object carries no info dict, so nothing of the original is copied.
        Image.frombytes(im.mode, im.size, im.tobytes()).save(
            out, "JPEG", quality=quality, optimize=True, progressive=True)
        return out.getvalue()
