"""Synthetic Gương sáng sites for benchmarks: N profiles of ~800 words of Vietnamese across
campaigns, fields, localities and years, a share of them with photos.

    python bench/generate.py OUT_DIR --n 5000 [--photos 0.1] [--seed 1]

Deterministic for a given seed. Writes OUT_DIR/mkdocs.yml and OUT_DIR/content/….
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lương", "Trịnh"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hoa",
         "Hùng", "Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quang",
         "Sơn", "Tâm", "Thảo", "Thành", "Trang", "Tuấn", "Vân", "Yến", "Đạt", "Đào"]
COLLECTIVE = ["Hợp tác xã Nông nghiệp", "Trường THCS", "Trạm Y tế xã", "Chi hội Phụ nữ thôn",
              "Đoàn Thanh niên xã", "Tổ tự quản an ninh thôn", "Chi bộ thôn", "Thôn văn hóa"]
PROVINCE_COMMUNES = ["Cam Hải Tây", "Cam Hải Đông", "Cam Đức", "Cam Thành Bắc", "Cam Hòa",
                     "Cam Tân", "Cam Hiệp Bắc", "Cam An Nam", "Sơn Tân", "Suối Cát", "Đồng Xuân",
                     "Đại Lãnh", "Đà Nẵng", "Phú Hòa", "Đông Hải", "Ninh Phước", "Vạn Giã",
                     "Diên Khánh", "Đồng Hới", "Tân Định"]
FIELDS = ["party-government", "defense-security", "industry-trade", "agriculture", "environment",
          "finance-banking", "health", "education", "science-technology", "culture-sports",
          "digital-transformation", "administrative-reform", "social-welfare", "community-life"]
CAMPAIGNS = {
    "nong-thon-moi": "Cả nước chung sức xây dựng nông thôn mới",
    "vi-nguoi-ngheo": "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
    "day-tot-hoc-tot": "Dạy tốt – học tốt",
    "dan-van-kheo": "Dân vận khéo",
    "chuyen-doi-so": "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
    "doan-ket": "Toàn dân đoàn kết xây dựng đời sống văn hóa",
}
SENTENCES = [
    "Năm {y}, {who} mạnh dạn chuyển đổi {n} ha đất kém hiệu quả sang trồng cây ăn quả theo "
    "hướng hữu cơ, thu nhập bình quân đạt {m} triệu đồng mỗi năm.",
    "Phối hợp với Ủy ban MTTQ xã vận động {n} hộ hiến đất, góp ngày công làm đường giao thông "
    "nông thôn dài {k} km.",
    "Tham gia đầy đủ các lớp tập huấn khoa học kỹ thuật do Hội Nông dân tổ chức, áp dụng quy "
    "trình VietGAP và ghi chép nhật ký sản xuất.",
    "Giúp đỡ {n} hộ nghèo, hộ cận nghèo về giống, vốn và kỹ thuật; đến nay {k} hộ đã thoát "
    "nghèo bền vững.",
    "Tích cực tham gia phong trào đoàn kết xây dựng đời sống văn hóa ở khu dân cư, giữ gìn vệ "
    "sinh môi trường, trồng cây xanh dọc tuyến đường thôn.",
    "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và "
    "phòng tránh lừa đảo qua mạng trong phong trào Bình dân học vụ số.",
    "Đổi mới phương pháp giảng dạy, tỷ lệ học sinh khá giỏi tăng {n}% so với năm học trước.",
    "Duy trì tổ hòa giải ở cơ sở, hòa giải thành {n} vụ việc mâu thuẫn trong cộng đồng.",
]


def name(rnd: random.Random, kind: str, locality: str) -> str:
    person = f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
    if kind == "household":
        return f"Hộ {'ông' if rnd.random() < .6 else 'bà'} {person}"
    if kind == "collective":
        return f"{rnd.choice(COLLECTIVE)} {locality.split(' ', 1)[1]} {rnd.randint(1, 9)}"
    return person


def story(rnd: random.Random, who: str, words: int) -> str:
    paras = ["## Sơ lược lý lịch", f"{who} tham gia công tác tại địa phương nhiều năm."]
    paras.append("## Thành tích tiêu biểu")
    count = 0
    while count < words:
        sentence = rnd.choice(SENTENCES).format(
            y=rnd.randint(2018, 2025), who=who, n=rnd.randint(2, 40), m=rnd.randint(80, 900),
            k=rnd.randint(1, 12))
        paras.append(sentence)
        count += len(sentence.split())
    paras.append("## Quá trình khen thưởng\n\nĐược tặng Giấy khen của Chủ tịch UBND huyện.")
    return "\n\n".join(paras) + "\n"


def generate(out: Path, n: int, photos: float = 0.0, seed: int = 1, words: int = 800,
             prints: bool = False) -> None:
    rnd = random.Random(seed)
    content = out / "content"
    for sub in ("exemplars", "campaigns", "media"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    localities = [f"Xã {c}" for c in PROVINCE_COMMUNES]
    (out / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Gương sáng — dữ liệu tổng hợp", "site_url": "https://bench.example/",
        "docs_dir": "content", "theme": {"name": "material", "language": "vi", "font": False},
        "plugins": [{"guongsang": {
            "owner": "UBND tỉnh Thử Nghiệm", "localities": localities,
            # Booklets, posters and slides are measured by bench/print_cost.py, not here.
            **({} if prints else {"print": {"booklets": False, "posters": False,
                                            "slides": False}})}}],
    }, allow_unicode=True, sort_keys=False), "utf-8")
    for slug, title in CAMPAIGNS.items():
        data = {"title": title, "lead": "UBND tỉnh", "period": {"start": 2021, "end": 2025},
                "targets": {"collective": n // 50, "individual": n // 40, "household": n // 80}}
        (content / "campaigns" / f"{slug}.md").write_text(
            "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\nMục đích.\n", "utf-8")
    for i in range(n):
        kind = rnd.choice(["individual", "individual", "collective", "household"])
        locality = rnd.choice(localities)
        title = name(rnd, kind, locality)
        year = rnd.randint(2021, 2025)
        slug = f"ho-so-{i:05d}"
        data = {"id": slug, "title": title, "kind": kind,
                "summary": f"{title} có nhiều đóng góp trong phong trào thi đua ở {locality}.",
                "field": rnd.choice(FIELDS), "campaigns": rnd.sample(list(CAMPAIGNS), 2),
                "locality": locality, "year": year,
                "published": f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                "status": "published"}
        if kind != "collective":
            data["consent"] = {"date": f"{year - 1}-12-01", "by": title, "scope":
                               ["name", "story", "photo"]}
        if photos and rnd.random() < photos:
            (content / "media" / f"{slug}.jpg").write_bytes(_photo(i))
            data["photo"] = {"src": f"media/{slug}.jpg", "alt": f"Ảnh minh họa {title}"}
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"
        (content / "exemplars" / f"{slug}.md").write_text(text + story(rnd, title, words),
                                                          "utf-8")


def _photo(i: int) -> bytes:
    """A different picture for every profile: identical files would be processed once."""
    import io

    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1600, 1067), (60 + i % 97, 140, 120 + i % 131))
    draw = ImageDraw.Draw(im)
    for x in range(i % 40, 1600, 40):
        draw.line([(x, 600), (x + 300, 1067)], fill=(60, 130 + i % 61, 50), width=18)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out", type=Path)
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--photos", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--words", type=int, default=800)
    p.add_argument("--print", action="store_true", dest="prints",
                   help="keep booklets, posters and slides on (off by default)")
    a = p.parse_args(argv)
    generate(a.out, a.n, a.photos, a.seed, a.words, a.prints)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
