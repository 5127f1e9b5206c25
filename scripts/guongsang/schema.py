"""The one definition of what editors may write (spec sections 2–5).

Validation (`validate.py`), the editors' reference table (`guongsang schema --docs`) and later
the JSON Schema are all derived from these declarations, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

KINDS: dict[str, str] = {
    "individual": "Cá nhân",
    "collective": "Tập thể",
    "household": "Hộ gia đình",
}
KINDS_PLURAL: dict[str, str] = {
    "individual": "Cá nhân",
    "collective": "Tập thể",
    "household": "Hộ gia đình",
}
STATUSES: dict[str, str] = {
    "draft": "Bản nháp",
    "review": "Chờ duyệt",
    "published": "Công bố",
    "withdrawn": "Đã gỡ",
}
AWARD_LEVELS: dict[str, str] = {
    "national": "Nhà nước",
    "ministry": "Bộ, ban, ngành trung ương",
    "province": "Tỉnh",
    "district": "Huyện",
    "commune": "Xã",
    "unit": "Cơ sở, đơn vị",
}
CONSENT_SCOPE: dict[str, str] = {
    "name": "họ tên",
    "photo": "ảnh",
    "story": "câu chuyện",
    "birth_year": "năm sinh",
    "hometown": "quê quán",
    "audio": "bản ghi âm",
}
CAMPAIGN_STATUSES: dict[str, str] = {"active": "Đang triển khai", "closed": "Đã kết thúc"}
# The git hosts Decap CMS can write to (its `backend.name`).
ADMIN_BACKENDS = ("github", "gitlab", "gitea", "bitbucket", "azure", "git-gateway")

DEFAULT_FIELDS: dict[str, str] = {
    "party-government": "Xây dựng Đảng, chính quyền, đoàn thể",
    "defense-security": "Quốc phòng, an ninh",
    "industry-trade": "Công thương, xây dựng, giao thông vận tải",
    "agriculture": "Nông nghiệp, nông thôn mới",
    "environment": "Tài nguyên, môi trường",
    "finance-banking": "Tài chính, ngân hàng",
    "health": "Y tế",
    "education": "Giáo dục và đào tạo",
    "science-technology": "Khoa học và công nghệ",
    "culture-sports": "Văn hóa, thể dục, thể thao",
    "digital-transformation": "Thông tin, truyền thông, chuyển đổi số",
    "administrative-reform": "Cải cách hành chính",
    "social-welfare": "An sinh xã hội, giảm nghèo",
    "community-life": "Đời sống xã hội, người tốt việc tốt",
}

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
AUDIO_EXTENSIONS = (".mp3", ".m4a")


@dataclass(frozen=True)
class Key:
    """One key of a mapping an editor writes.

    `type` is one of: str, text (str, no Markdown), int, bool, date, enum, list (of `item`),
    map (a nested mapping of `keys`), any.
    `required` is True/False or the name of a condition checked by `validate.py`
    (e.g. "published", "person-kinds") — the schema states it, the rule enforces it.
    `choices` may be a name ("fields", "campaigns", "localities") resolved against the site.
    """

    name: str
    type: str
    label: str
    help: str
    required: bool | str = False
    choices: tuple[str, ...] | str | None = None
    pattern: str | None = None
    min_len: int | None = None
    max_len: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    item: Key | None = None
    keys: tuple[Key, ...] = field(default_factory=tuple)
    example: Any = None


_LABELS: dict[tuple[str, ...], dict[str, str]] = {}


def _enum(mapping: dict[str, str]) -> tuple[str, ...]:
    _LABELS[tuple(mapping)] = mapping
    return tuple(mapping)


def choice_labels(choices: tuple[str, ...]) -> dict[str, str]:
    """Value → Vietnamese label of a fixed enumeration (the value itself when it has none)."""
    return _LABELS.get(tuple(choices), {c: c for c in choices})


PHOTO = Key(
    "photo", "map", "Ảnh đại diện", "Ảnh chính của hồ sơ.",
    keys=(
        Key("src", "str", "Tệp ảnh", "Đường dẫn trong content/media/, ví dụ media/ten-anh.jpg.",
            required=True, example="media/exemplars/nguyen-van-an.jpg"),
        Key("alt", "str", "Mô tả ảnh", "Mô tả nội dung ảnh cho người khiếm thị, ít nhất 10 ký tự.",
            required=True, min_len=10, example="Ông Nguyễn Văn An bên vườn xoài"),
        Key("credit", "str", "Nguồn ảnh", "Tác giả hoặc nguồn ảnh.", example="Ảnh: Đài TT xã"),
    ),
)
PERSON = Key(
    "person", "map", "Thông tin cá nhân",
    "Chỉ cá nhân và hộ gia đình. Không có mục cho ngày sinh đầy đủ, số định danh, số điện thoại "
    "hay địa chỉ nhà: những thông tin đó không bao giờ được công bố.",
    required="person-kinds",
    keys=(
        Key("birth_year", "int", "Năm sinh", "Chỉ năm sinh.", minimum=1900, maximum=2100,
            example=1968),
        Key("hometown", "str", "Quê quán", "Quê quán (xã, huyện/tỉnh).",
            example="Xã Cam Hải Tây, huyện Cam Lâm"),
        Key("position", "str", "Chức vụ", "Chức vụ, công việc.", example="Trưởng thôn"),
        Key("minor", "bool", "Người chưa thành niên",
            "true nếu người được nêu gương dưới 18 tuổi: cần thêm người giám hộ đồng ý.",
            example=False),
    ),
)
CONSENT = Key(
    "consent", "map", "Văn bản đồng ý",
    "Bắt buộc với cá nhân và hộ gia đình khi công bố (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15). "
    "Thông tin ngoài phạm vi đồng ý không được công bố.",
    required="consent",
    keys=(
        Key("date", "date", "Ngày đồng ý", "Ngày ký văn bản đồng ý.", required=True,
            example="2024-01-10"),
        Key("by", "str", "Người đồng ý", "Họ tên người đồng ý (với trẻ em: chính em đó).",
            required=True, example="Nguyễn Văn An"),
        Key("scope", "list", "Phạm vi đồng ý", "Những thông tin được phép công bố.",
            required=True, item=Key("scope", "enum", "", "", choices=_enum(CONSENT_SCOPE)),
            example=["name", "photo", "story"]),
        Key("guardian", "str", "Người đại diện hợp pháp",
            "Bắt buộc khi person.minor là true: cha, mẹ hoặc người giám hộ cùng đồng ý.",
            required="minor", example="Bà Lê Thị Hạnh (mẹ)"),
    ),
)
AWARD = Key(
    "award", "map", "Khen thưởng", "",
    keys=(
        Key("title", "str", "Danh hiệu, hình thức", "Ví dụ: Bằng khen của Chủ tịch UBND tỉnh.",
            required=True, example="Chiến sĩ thi đua cơ sở"),
        Key("level", "enum", "Cấp khen", "Cấp khen thưởng.", required=True,
            choices=_enum(AWARD_LEVELS), example="district"),
        Key("decision", "str", "Quyết định", "Số, ký hiệu quyết định.",
            example="Quyết định số 1234/QĐ-UBND"),
        Key("date", "date", "Ngày quyết định", "", example="2023-05-10"),
        Key("revoked", "date", "Ngày hủy bỏ",
            "Nếu khen thưởng bị hủy bỏ, thu hồi: ghi ngày; khen thưởng đó không được hiển thị.",
            example="2024-02-01"),
    ),
)
AUDIO = Key(
    "audio", "map", "Bản ghi âm", "Bản phát thanh đã thu (MP3/M4A trong content/media/).",
    keys=(
        Key("src", "str", "Tệp âm thanh", "Đường dẫn trong content/media/.", required=True,
            example="media/audio/nguyen-van-an.mp3"),
        Key("duration", "str", "Thời lượng",
            "Dạng mm:ss hoặc số giây; bỏ trống thì Gương sáng tự đo từ tệp, ghi sai quá 5 giây "
            "là lỗi.", example="03:20"),
    ),
)

EXEMPLAR_KEYS: tuple[Key, ...] = (
    Key("id", "str", "Mã định danh",
        "Mã cố định, không bao giờ đổi (dùng cho nguồn tin, chuyển hướng); "
        "chữ thường, số, gạch nối.",
        required=True, pattern=ID_PATTERN, example="nguyen-van-an"),
    Key("title", "str", "Tên", "Họ tên cá nhân, tên tập thể hoặc “Hộ ông/bà …”.", required=True,
        min_len=1, example="Nguyễn Văn An"),
    Key("kind", "enum", "Loại", "Cá nhân, tập thể hay hộ gia đình.", required=True,
        choices=_enum(KINDS), example="individual"),
    Key("summary", "text", "Tóm tắt", "Một hai câu, 20–300 ký tự, không dùng Markdown.",
        required=True, min_len=20, max_len=300,
        example="Nông dân sản xuất, kinh doanh giỏi, giúp 12 hộ thoát nghèo."),
    Key("field", "enum", "Lĩnh vực", "Một khóa trong danh sách lĩnh vực.", required=True,
        choices="fields", example="agriculture"),
    Key("campaigns", "list", "Phong trào thi đua",
        "Danh sách mã phong trào (tên tệp trong content/campaigns/).",
        item=Key("campaign", "enum", "", "", choices="campaigns"),
        example=["nong-thon-moi"]),
    Key("locality", "str", "Địa bàn", "Xã, phường, thị trấn.", required=True, choices="localities",
        example="Xã Cam Hải Tây"),
    Key("unit", "str", "Cơ quan, đơn vị", "", example="Hội Nông dân xã Cam Hải Tây"),
    Key("year", "int", "Năm được công nhận", "", required=True, minimum=1945, maximum=2100,
        example=2024),
    Key("published", "date", "Ngày công bố",
        "YYYY-MM-DD; ngày trong tương lai là hẹn giờ công bố.", required="published",
        example="2024-05-19"),
    Key("updated", "date", "Ngày cập nhật", "Không trước ngày công bố.", example="2024-06-01"),
    Key("status", "enum", "Trạng thái", "Chỉ published mới được công bố.", required=True,
        choices=_enum(STATUSES), example="published"),
    Key("withdrawn_reason", "str", "Lý do gỡ", "Bắt buộc khi status là withdrawn; không công bố.",
        required="withdrawn", example="Quyết định khen thưởng bị hủy bỏ."),
    PHOTO,
    PERSON,
    CONSENT,
    Key("awards", "list", "Quá trình khen thưởng", "", item=AWARD),
    Key("tags", "list", "Từ khóa", "", item=Key("tag", "str", "", ""), example=["xoài"]),
    Key("featured", "bool", "Nổi bật", "Hiện đầu trang chủ.", example=False),
    AUDIO,
    Key("aliases", "list", "Địa chỉ cũ", "Các mã cũ; địa chỉ cũ sẽ chuyển hướng về trang mới.",
        item=Key("alias", "str", "", "", pattern=SLUG_PATTERN), example=["nguyen-van-an-cu"]),
)

CAMPAIGN_KEYS: tuple[Key, ...] = (
    Key("title", "str", "Tên phong trào", "", required=True, min_len=1,
        example="Cả nước chung sức xây dựng nông thôn mới"),
    Key("short_title", "str", "Tên ngắn", "Dùng cho trình đơn, hashtag.", example="Nông thôn mới"),
    Key("lead", "str", "Cơ quan chủ trì", "", required=True, example="UBND huyện"),
    Key("partners", "list", "Cơ quan phối hợp", "", item=Key("partner", "str", "", "")),
    Key("period", "map", "Giai đoạn", "", required=True, keys=(
        Key("start", "int", "Năm bắt đầu", "", required=True, minimum=1945, maximum=2100,
            example=2021),
        Key("end", "int", "Năm kết thúc", "", required=True, minimum=1945, maximum=2100,
            example=2025),
    )),
    Key("targets", "map", "Chỉ tiêu", "Số tối thiểu theo kế hoạch.", keys=tuple(
        Key(k, "int", v, "", minimum=0, maximum=100000) for k, v in KINDS.items()
    )),
    Key("hashtags", "list", "Hashtag", "Không có dấu #.", item=Key(
        "hashtag", "str", "", "Viết liền, không dấu cách, không có dấu #.",
        pattern=r"^[^\s#]+$", example="NongThonMoi")),
    Key("status", "enum", "Trạng thái", "", choices=_enum(CAMPAIGN_STATUSES), example="active"),
)

SETTINGS_KEYS: tuple[Key, ...] = (
    Key("owner", "str", "Cơ quan công bố", "Ví dụ: UBND huyện Cam Lâm.", required=True,
        min_len=1),
    Key("localities", "list", "Địa bàn", "Danh sách xã, phường, thị trấn.",
        item=Key("locality", "str", "", "", min_len=1)),
    Key("fields", "any", "Lĩnh vực", "Thay danh sách mặc định: khóa → tên."),
    Key("radio", "map", "Phát thanh", "", keys=(
        Key("station", "str", "Đài", ""),
        Key("intro", "str", "Lời mở đầu", ""),
        Key("outro", "str", "Lời kết", ""),
        Key("abbreviations", "any", "Viết tắt", "Viết tắt → cách đọc."),
        Key("numbers", "enum", "Đọc số", "", choices=("digits", "words")),
    )),
    Key("facebook", "map", "Facebook", "", keys=(
        Key("page_url", "str", "Trang", ""),
        Key("hashtags", "list", "Hashtag", "", item=Key("hashtag", "str", "", "")),
    )),
    Key("feeds", "map", "Nguồn tin", "", keys=(
        Key("limit", "int", "Số tin", "", minimum=1, maximum=10000),
    )),
    Key("timezone", "str", "Múi giờ", "Mặc định Asia/Ho_Chi_Minh."),
    Key("admin", "map", "Trang biên tập /admin/",
        "Kho git mà biểu mẫu Decap CMS ghi vào khi xuất bản; khi xem thử trên máy "
        "(localhost) biểu mẫu ghi thẳng vào thư mục content/.", keys=(
            Key("backend", "map", "Kho git", "", keys=(
                Key("name", "enum", "Loại kho", "", required=True, choices=ADMIN_BACKENDS,
                    example="github"),
                Key("repo", "str", "Kho", "chủ/tên-kho", pattern=r"^[^\s/]+(/[^\s/]+)+$",
                    example="ubnd-camlam/guongsang"),
                Key("branch", "str", "Nhánh", "Mặc định main.", example="main"),
                Key("base_url", "str", "Máy chủ xác thực OAuth", "",
                    example="https://oauth.example.gov.vn"),
                Key("auth_endpoint", "str", "Đường dẫn xác thực", ""),
                Key("api_root", "str", "Địa chỉ API", "Với GitLab, Gitea tự cài đặt."),
                Key("app_id", "str", "Mã ứng dụng OAuth", "GitLab PKCE."),
                Key("auth_type", "enum", "Kiểu xác thực", "", choices=("pkce", "implicit")),
            )),
        )),
    Key("print", "map", "Tài liệu in, màn hình",
        "Sổ tay PDF, áp phích A3, ảnh trình chiếu 1920×1080; mặc định bật hết. Tắt bớt khi trang "
        "có hàng nghìn hồ sơ mà không cần in.", keys=(
            Key("booklets", "bool", "Sổ tay",
                "Sổ tay PDF theo phong trào và theo năm (tai-lieu/<mã>.pdf)."),
            Key("posters", "bool", "Áp phích", "Áp phích A3 (PDF) cho mỗi gương điển hình."),
            Key("slides", "bool", "Trình chiếu",
                "Ảnh 1920×1080 cho mỗi gương điển hình và trang man-hinh/ cho màn hình LED."),
            Key("paper", "enum", "Khổ sổ tay", "A5 (mặc định) hoặc A4.", choices=("A5", "A4")),
        )),
)
