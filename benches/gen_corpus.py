#!/usr/bin/env python3
"""Generate a benchmark corpus of Chinese blog posts shaped like the ZAKER sample.

    benches/gen_corpus.py N DIR [--seed S] [--html DIR2]

Writes N posts (YAML front matter + HTML body, 1-20 KB of body each) into DIR, spread over a
few subfolders. The same N and seed always give the same bytes, so runs compare like with like.

With --html DIR2 it also writes each body as a standalone HTML document (title, author and
date in <head>) at the same relative path, for tools that cannot read front matter (pandoc,
weasyprint), without the remote images. Standard library only.
"""

import argparse
import os
import random
import re
import sys

# Common words and phrases of news and blog prose; sentences are strung from these.
WORDS = (
    "我们 他们 今天 已经 发展 经济 社会 国家 政府 企业 市场 技术 创新 合作 国际 地区 城市 农村 "
    "教育 文化 历史 科学 研究 数据 平台 用户 产品 服务 质量 安全 环境 能源 交通 健康 医疗 "
    "改革 开放 建设 推动 加强 提高 促进 实现 坚持 完善 深化 扩大 支持 保障 落实 优化 提升 "
    "重要 主要 全面 积极 稳定 持续 快速 明显 显著 进一步 不断 共同 有效 具体 基本 "
    "问题 方面 情况 工作 时间 过程 结果 目标 任务 措施 政策 制度 体系 机制 能力 水平 "
    "记者 消息 报道 表示 认为 指出 强调 介绍 透露 据悉 同时 此外 因此 但是 而且 然而 虽然 "
    "未来 当前 近年来 去年 今年 明年 上半年 第一季度 周末 春节 国庆 "
    "北京 上海 广州 深圳 杭州 成都 武汉 西安 南京 重庆 香港 台湾 长三角 粤港澳大湾区 "
    "互联网 人工智能 新能源汽车 芯片 半导体 电商 直播 短视频 云计算 大模型 区块链 "
    "消费者 投资者 专家 学者 居民 学生 老师 工程师 医生 志愿者 "
    "增长 下降 上涨 回落 突破 达到 超过 不足 约 左右 以上 以下 "
    "高质量 可持续 数字化 智能化 绿色低碳 乡村振兴 共同富裕 一带一路 产业链 供应链 "
    "公司 集团 银行 大学 医院 博物馆 图书馆 机场 高铁 地铁 港口 "
    "一方面 另一方面 总的来说 值得注意的是 业内人士 相关负责人 有关部门 "
    "的 了 在 是 和 与 对 把 被 从 向 为 以 将 也 都 还 就 更 最 很 非常"
).split()

ENGLISH = (
    "AI GDP CPI 5G App iPhone Android Rust Python GitHub Linux OpenAI ChatGPT CEO IPO "
    "ESG API SaaS WiFi USB-C NASA WHO WTO APEC G20 NBA F1"
).split()

UNITS = ["年", "月", "日", "亿元", "万人", "公里", "小时", "个百分点", "%", "家", "项", "倍", "吨"]
CLAUSE_PUNCT = ["，"] * 6 + ["、", "；", "："]
END_PUNCT = ["。"] * 8 + ["！", "？", "……"]
NAMES = ["王毅", "李明", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄晓", "周敏", "吴昊"]
AUTHORS = ["ZAKER", "新华社", "央视网", "澎湃新闻", "界面新闻", "36氪", "小编", "Alice Chen"]
CATEGORIES = ["新媒体", "ZAKER", "source", "科技", "财经", "社会", "国际", "文化", "体育", "汽车"]
TAGS = ["新闻", "热点", "深度", "观察", "评论", "数据", "访谈", "专题", "Rust", "AI", "互联网"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FOLDERS = ["2019", "2020", "2021/news", "2022/news", "2022/tech", "2023"]


def number(rng):
    """A number as the sample writes them: ASCII digits, often set off by spaces."""
    n = rng.choice([rng.randint(1, 31), rng.randint(10, 999), rng.randint(1000, 2025)])
    text = f"{n}{rng.choice(['', '.', ''])}{rng.randint(0, 9) if rng.random() < 0.2 else ''}"
    text = text.rstrip(".")
    unit = rng.choice(UNITS)
    return f" {text} {unit}" if rng.random() < 0.6 else f"{text}{unit}"


def phrase(rng):
    r = rng.random()
    if r < 0.06:
        return number(rng)
    if r < 0.09:
        return f" {rng.choice(ENGLISH)} "
    if r < 0.11:
        return "“" + "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))) + "”"
    if r < 0.12:
        return "《" + "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 3))) + "》"
    return rng.choice(WORDS)


def sentence(rng):
    parts = []
    for _ in range(rng.randint(1, 4)):
        parts.append("".join(phrase(rng) for _ in range(rng.randint(3, 9))))
        parts.append(rng.choice(CLAUSE_PUNCT))
    parts[-1] = rng.choice(END_PUNCT)
    return "".join(parts).strip()


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def inline_text(rng, sentences):
    """A run of sentences with the inline markup blog bodies carry."""
    out = []
    for _ in range(sentences):
        s = escape(sentence(rng))
        r = rng.random()
        if r < 0.10:
            s = f"<strong>{s}</strong>"
        elif r < 0.16:
            s = f"<em>{s}</em>"
        elif r < 0.24:
            url = f"https://example.com/{rng.choice(FOLDERS)}/{rng.randint(1, 99999)}.html"
            cut = max(2, len(s) // 3)
            s = f'<a href="{url}">{s[:cut]}</a>{s[cut:]}'
        elif r < 0.27:
            code = rng.choice(["cargo build --release", "npm install", "git log", "SELECT * FROM posts",
                               "fn main()", "x < y && y > z"])
            end = "……" if s.endswith("……") else s[-1]
            s = f"{s[:-len(end)]}，命令是 <code>{escape(code)}</code>{end}"
        out.append(s)
    return "".join(out)


def title(rng):
    t = "".join(phrase(rng).strip() for _ in range(rng.randint(3, 7)))
    if rng.random() < 0.3:
        t += "：" + "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4)))
    return t.replace("'", "")


def table(rng):
    cols = rng.randint(2, 5)
    rows = rng.randint(2, 8)
    head = "".join(f"<th>{rng.choice(WORDS)}{rng.choice(WORDS)}</th>" for _ in range(cols))
    body = []
    for _ in range(rows):
        cells = [f"<td>{rng.choice(CATEGORIES)}</td>"]
        cells += [f"<td>{rng.randint(1, 99999) / 100:.2f}</td>" for _ in range(cols - 1)]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def items(rng, tag):
    lis = "".join(f"<li>{inline_text(rng, rng.randint(1, 2))}</li>" for _ in range(rng.randint(2, 6)))
    return f"<{tag}>{lis}</{tag}>"


def block(rng):
    r = rng.random()
    if r < 0.62:
        return f"<p>{inline_text(rng, rng.randint(1, 6))}</p>"
    if r < 0.72:
        return heading(rng)
    if r < 0.80:
        return items(rng, "ul")
    if r < 0.86:
        return items(rng, "ol")
    if r < 0.93:
        quote = "".join(f"<p>{inline_text(rng, rng.randint(1, 3))}</p>" for _ in range(rng.randint(1, 2)))
        return f"<blockquote>{quote}</blockquote>"
    if r < 0.97:
        return f'<p><img src="https://picsum.photos/640/360?random={rng.randint(1, 9999)}" alt="{escape(rng.choice(WORDS))}"></p>'
    return "<hr>"


def heading(rng):
    level = rng.choice([2, 2, 3])
    return f"<h{level}>{escape(title(rng))}</h{level}>"


def body(rng, size=None):
    """HTML of 1-20 KB (UTF-8), most near 6 KB as news posts are, or of about `size` bytes."""
    target = size or int(rng.triangular(1024, 20 * 1024, 6 * 1024))
    lead = f"<p><strong>{rng.choice(AUTHORS)}消息</strong>（{rng.choice(NAMES)}）：{inline_text(rng, 2)}</p>"
    parts = [lead]
    size = len(lead.encode())
    table_at = rng.randint(2, 6)
    while size < target:
        if len(parts) == table_at:
            part = table(rng)
        else:
            part = block(rng)
        parts.append(part)
        size += len(part.encode())
    if rng.random() < 0.5:
        return "<div>   \n" + "".join(parts) + "  \n</div>\n"
    return "\n".join(parts) + "\n"


def date(rng):
    y, mo, d = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    style = rng.randint(0, 3)
    if style == 0:
        # The weekday need not match; parsers must not reject it for that.
        return f"{WEEKDAYS[rng.randint(0, 6)]}, {d:02d} {MONTHS[mo - 1]} {y} {h:02d}:{mi:02d}:{s:02d} GMT"
    if style == 1:
        return f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+08:00"
    if style == 2:
        return f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    return f"{y}-{mo:02d}-{d:02d}"


def front_matter(rng, post_title):
    img = f"https://picsum.photos/400/300?random={rng.randint(1, 9999)}"
    lines = ["---", f"title: '{post_title}'"]
    if rng.random() < 0.7:
        lines.append("categories: ")
        lines += [f" - {c}" for c in rng.sample(CATEGORIES, rng.randint(1, 3))]
    else:
        lines.append(f"categories: {rng.choice(CATEGORIES)}")
    if rng.random() < 0.6:
        lines.append("tags: [" + ", ".join(rng.sample(TAGS, rng.randint(1, 4))) + "]")
    lines.append(f"headimg: '{img}'")
    lines.append(f"author: {rng.choice(AUTHORS)}")
    lines.append("comments: false")
    lines.append(f"date: {date(rng)}")
    if rng.random() < 0.8:
        lines.append(f"thumbnail: '{img}'")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def standalone(post_title, author, html):
    # Remote images would make pandoc and weasyprint fetch them (postbind fetches only when
    # asked), so the copies leave them out.
    html = re.sub(r"<p><img [^>]*></p>", "", html)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(post_title)}</title>\n"
        f'<meta name="author" content="{escape(author)}">\n'
        f"</head>\n<body>\n<h1>{escape(post_title)}</h1>\n{html}</body>\n</html>\n"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of posts")
    ap.add_argument("dir", help="output folder (created)")
    ap.add_argument("--seed", type=int, default=20220918)
    ap.add_argument("--html", metavar="DIR2", help="also write standalone HTML documents here")
    ap.add_argument("--size", type=int, metavar="BYTES", help="every body about this long")
    args = ap.parse_args()

    total = 0
    for i in range(args.n):
        # One generator per post: post i is the same whatever N is.
        rng = random.Random(args.seed * 1_000_003 + i)
        rel = os.path.join(FOLDERS[i % len(FOLDERS)], f"post-{i:06d}.txt")
        post_title = title(rng)
        fm = front_matter(rng, post_title)
        html = body(rng, args.size)
        text = fm + html
        path = os.path.join(args.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        total += len(text.encode())
        if args.html:
            author = next((ln[8:] for ln in fm.splitlines() if ln.startswith("author: ")), "")
            hpath = os.path.join(args.html, os.path.splitext(rel)[0] + ".html")
            os.makedirs(os.path.dirname(hpath), exist_ok=True)
            with open(hpath, "w", encoding="utf-8", newline="\n") as f:
                f.write(standalone(post_title, author, html))
    print(f"{args.n} posts, {total} bytes in {args.dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
