#!/usr/bin/env python3
"""Analyses what measure.sh left in its work folder, one folder per blog, and prints Markdown.

    measure.py [--epubcheck FILE] [--jobs N] [--bin PATH] [--json OUT] WORKDIR/BLOG...
    measure.py --diff BEFORE.json AFTER.json      what changed between two runs

Each WORKDIR/BLOG holds: blogdir (the blog's path), conv/ (convert's outputs), convert.stderr,
convert.rc, convert.seconds, and optionally book.epub, book.stderr, book.rc, book.seconds.
Standard library only, plus pdftotext on PATH for the PDF columns.
"""
import argparse, collections, html, json, os, re, shutil, subprocess, sys, urllib.parse, zipfile
from concurrent.futures import ThreadPoolExecutor

READ_EXT = ('.md', '.markdown', '.html', '.htm', '.txt')
IMG_EXT = ('.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg', '.bmp')
HUGO_CONFIGS = ('hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json')

MARKERS = collections.OrderedDict([
    ('{%', re.compile(r'\{%')),
    ('{{<', re.compile(r'\{\{[<%]')),
    (':::', re.compile(r'(?m)^[ \t]*:::')),
    ('+++', re.compile(r'(?m)^[ \t]*\+\+\+[ \t]*$')),
    ('[!NOTE]', re.compile(r'\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]', re.I)),
    ('{{ }}', re.compile(r'\{\{-?\s*[\w.$]')),
    ('**', re.compile(r'\*\*')),
])
TABLE_MARKERS = ('{%', '{{<', ':::', '+++', '**')


def read_text(p, limit=4 << 20):
    try:
        with open(p, 'rb') as f:
            return f.read(limit).decode('utf-8', 'replace').replace('\r\n', '\n')
    except OSError:
        return ''


# ---------------------------------------------------------------- the sources

def find_sites(blog):
    """Site roots under blog: {dir: engine}. Themes, node_modules, public are not searched."""
    sites = {}
    for d, dirs, files in os.walk(blog):
        dirs[:] = [x for x in dirs if not x.startswith('.') and x not in ('node_modules', 'public', 'themes', '_site', 'resources')]
        fs = set(files)
        if '_config.yml' in fs and os.path.isdir(os.path.join(d, 'source', '_posts')):
            sites[d] = 'hexo'
        elif ('_config.yml' in fs or '_config.yaml' in fs) and os.path.isdir(os.path.join(d, '_posts')):
            sites[d] = 'jekyll'
        elif any(c in fs for c in HUGO_CONFIGS) and os.path.isdir(os.path.join(d, 'content')):
            sites[d] = 'hugo'
    return sites


def site_author(site, engine):
    """The author a site's config names (Hexo/Jekyll `author`, Hugo `author`/`params.author`), or ''."""
    if not site:
        return ''
    names = {'hexo': ['_config.yml'], 'jekyll': ['_config.yml', '_config.yaml']}.get(engine, list(HUGO_CONFIGS))
    for n in names:
        p = os.path.join(site, n)
        if os.path.isfile(p):
            t = read_text(p)
            m = re.search(r'(?im)^\s*"?author"?\s*[:=]\s*["\']?([^"\'#\n]+)', t)
            if m and m.group(1).strip():
                return m.group(1).strip()
            m = re.search(r'(?im)^author\s*:\s*\n\s+name\s*:\s*["\']?([^"\'#\n]+)', t)
            if m:
                return m.group(1).strip()
            return ''
    return ''


def site_of(path, sites, blog):
    d = os.path.dirname(path)
    while True:
        if d in sites:
            return d, sites[d]
        if d == blog or len(d) <= len(blog):
            return None, None
        d = os.path.dirname(d)


def split_front(t):
    t = t.lstrip('\ufeff')
    for open_, close in (('---', r'(?:---|\.\.\.)'), ('+++', r'\+\+\+')):
        if t.startswith(open_):
            m = re.match(re.escape(open_) + r'[ \t]*\r?\n(.*?)\r?\n' + close + r'[ \t]*(?:\r?\n|$)', t, re.S)
            if m:
                return m.group(1), t[m.end():]
    if t.startswith('{'):
        m = re.match(r'(\{.*?\n\})[ \t]*(?:\r?\n|$)', t, re.S)
        if m:
            return m.group(1), t[m.end():]
    return '', t


def fm_value(fm, key):
    m = re.search(r'(?m)^\s*"?%s"?\s*[:=]\s*(.*?)\s*,?\s*$' % re.escape(key), fm)
    if not m:
        return None
    v = m.group(1)
    if len(v) >= 2 and v[0] == v[-1] and v[0] in '"\'':
        v = v[1:-1]
    return v


def post_kind(path, site, engine):
    """'post', 'draft', or 'other' (a page, a layout, a theme file ...) as the site engine sees it."""
    if not site:
        return 'other'
    rel = os.path.relpath(path, site).replace(os.sep, '/')
    base = os.path.basename(path)
    ext = os.path.splitext(base)[1].lower()
    fm, _ = split_front(read_text(path, 65536))
    flag_draft = (fm_value(fm, 'draft') or '').lower() == 'true' or (fm_value(fm, 'published') or '').lower() == 'false'
    if engine == 'hexo':
        if rel.startswith('source/_drafts/'):
            return 'draft'
        if rel.startswith('source/_posts/') and ext in ('.md', '.markdown', '.html', '.htm'):
            return 'draft' if flag_draft else 'post'
    elif engine == 'jekyll':
        if rel.startswith('_drafts/') or '/_drafts/' in rel:
            return 'draft'
        if (rel.startswith('_posts/') or '/_posts/' in rel) and re.match(r'\d{4}-\d{1,2}-\d{1,2}-', base) and ext in ('.md', '.markdown', '.html', '.htm'):
            return 'draft' if flag_draft else 'post'
    elif engine == 'hugo':
        if rel.startswith('content/') and ext in ('.md', '.markdown', '.html', '.htm') and not base.startswith('_index.'):
            return 'draft' if flag_draft else 'post'
    return 'other'


FENCE = re.compile(r'(?ms)^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1`*[ \t]*$')


def prose_only(body):
    b = FENCE.sub('\n', body)
    b = re.sub(r'(?s)<(pre|code|script|style)\b.*?</\1>', ' ', b, flags=re.I)
    b = re.sub(r'(?s)\{%\s*(raw|codeblock|code|highlight|include_code)\b.*?\{%\s*end\1\s*%\}', ' ', b)
    b = re.sub(r'`[^`\n]*`', ' ', b)
    return b


def image_refs(body):
    b = prose_only(body)
    b = re.sub(r'\{\{\s*(site\.(baseurl|url)|\.Site\.BaseURL)[^}]*\}\}', '', b)
    refs = []
    refs += re.findall(r'!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["\'][^)]*)?\)', b)
    refs += re.findall(r'(?i)<img\b[^>]*?\bsrc\s*=\s*["\']?([^"\'\s>]+)', b)
    refs += [x.strip('"') for x in re.findall(r'\{%\s*asset_img\s+("[^"]+"|\S+)', b)]
    refs += re.findall(r'\{%\s*img\s+(?:[\w-]+\s+)*?(\S+\.(?:png|jpe?g|gif|svg|webp))', b, flags=re.I)
    refs += re.findall(r'\{\{[<%]\s*(?:figure|img|image)\b[^}]*?\bsrc\s*=\s*"([^"]+)"', b)
    defs = dict((k.lower(), v) for k, v in re.findall(r'(?m)^\s*\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)', b))
    for alt, key in re.findall(r'!\[([^\]]*)\]\[([^\]]*)\]', b):
        v = defs.get((key or alt).lower())
        if v:
            refs.append(v)
    return refs


def resolve_image(ref, post, site, engine, blog):
    """The existing file under blog a local image reference means, or None (remote, missing)."""
    if re.match(r'(?i)^([a-z][a-z0-9+.-]*:|//)', ref):
        return None
    r = urllib.parse.unquote(ref.split('#')[0].split('?')[0])
    if not r:
        return None
    d = os.path.dirname(post)
    stem = os.path.splitext(os.path.basename(post))[0]
    roots = []
    if site:
        roots += {'hexo': [os.path.join(site, 'source')], 'jekyll': [site],
                  'hugo': [os.path.join(site, 'static'), os.path.join(site, 'assets'), os.path.join(site, 'content')]}[engine]
    roots.append(blog)
    cands = []
    if r.startswith('/'):
        cands += [os.path.join(x, r.lstrip('/')) for x in roots]
    else:
        cands += [os.path.join(d, r), os.path.join(d, stem, r)] + [os.path.join(x, r) for x in roots]
    for c in cands:
        c = os.path.realpath(c)
        if (c + os.sep).startswith(blog + os.sep) and os.path.isfile(c) and c.lower().endswith(IMG_EXT):
            return c
    return None


SIMP = set('们这个说为时会国来对发经过还进没样么开实现关变应电问动体机间话点长门东车无书见亲认让觉记写读听给运边从业产动头气义计将们习网络级设层线结单软观条')
TRAD = set('們這個說為時會國來對發經過還進沒樣麼開實現關變應電問動體機間話點長門東車無書見親認讓覺記寫讀聽給運邊從業產動頭氣義計將習網絡級設層線結單軟觀條')
SIMP, TRAD = SIMP - TRAD, TRAD - SIMP


def prose_language(body):
    """zh-Hans, zh-Hant, ja, ko, en, or '' from the prose (no code, URLs, tags, link targets)."""
    b = prose_only(body)
    b = re.sub(r'\]\([^)]*\)', ']', b)
    b = html.unescape(re.sub(r'<[^>]+>', ' ', b))
    b = re.sub(r'https?://\S+', ' ', b)
    b = re.sub(r'\{[{%].*?[}%]\}', ' ', b)
    han = kana = hangul = latin = simp = trad = 0
    for ch in b:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            han += 1
            if ch in SIMP:
                simp += 1
            elif ch in TRAD:
                trad += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0xAC00 <= o <= 0xD7AF:
            hangul += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if kana >= 20 and kana * 5 >= han * 0.5:
        return 'ja'
    if hangul >= 20 and hangul >= han:
        return 'ko'
    if han >= 20 and han * 3 >= latin / 2:
        return 'zh-Hant' if trad > simp else 'zh-Hans'
    if latin >= 200:
        return 'en'
    return ''


def expected_literals(body, engine):
    """Markers the engine itself prints as text (outside code): what a faithful EPUB keeps."""
    b = re.sub(r'`[^`\n]*`', ' ', FENCE.sub('\n', body))
    lit = collections.Counter()
    for m in re.finditer(r'(?s)\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}', b):
        for k, n in count_markers(m.group(1)).items():
            lit[k] += n
    if engine == 'hugo':
        lit['{%'] += len(MARKERS['{%'].findall(b))
        lit['{{<'] += len(re.findall(r'\\\{\\\{\\?[<%]|\{\{\\[<%]|\{\{[<%]/\*', b))
        lit['{{ }}'] += len(MARKERS['{{ }}'].findall(b))
    return lit


def hard_breaks(body):
    """Markdown hard line breaks outside code: a line ending in a backslash or two spaces, or <br>."""
    b = FENCE.sub('\n', body)
    return len(re.findall(r'(?m)(?:\\| {2,})$', b)) + len(re.findall(r'(?i)<br\s*/?>', b))


def norm_title(s):
    s = html.unescape(s or '')
    s = re.sub(r'[*_`#\\]', '', s)
    s = re.sub(r'\s+', ' ', s).strip().lower()
    return s


# ---------------------------------------------------------------- the outputs

def epub_info(path):
    info = {'ok': False}
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        info['error'] = str(e)
        return info
    with z:
        try:
            cont = z.read('META-INF/container.xml').decode('utf-8', 'replace')
            opf_path = re.search(r'full-path="([^"]+)"', cont).group(1)
            opf = z.read(opf_path).decode('utf-8', 'replace')
        except (KeyError, AttributeError) as e:
            info['error'] = 'no package: %s' % e
            return info
        base = os.path.dirname(opf_path)
        meta = lambda tag: [html.unescape(re.sub(r'<[^>]+>', '', x)).strip() for x in re.findall(r'(?s)<dc:%s\b[^>]*>(.*?)</dc:%s>' % (tag, tag), opf)]
        info['title'] = (meta('title') or [''])[0]
        info['language'] = (meta('language') or [''])[0]
        info['creator'] = (meta('creator') or [''])[0]
        items = re.findall(r'<item\b[^>]*>', opf)
        images, docs = [], []
        for it in items:
            href = (re.search(r'href="([^"]+)"', it) or [None, ''])[1]
            mt = (re.search(r'media-type="([^"]+)"', it) or [None, ''])[1]
            props = (re.search(r'properties="([^"]+)"', it) or [None, ''])[1]
            if mt.startswith('image/'):
                images.append(href)
            elif mt == 'application/xhtml+xml' and 'nav' not in props.split() and not os.path.basename(href).startswith('cover'):
                docs.append(href)
        info['manifest_images'] = images
        info['spine'] = len(re.findall(r'<itemref\b', opf))
        text, code, headings = [], [], []
        body_images = set()
        for h in docs:
            p = os.path.normpath(os.path.join(base, urllib.parse.unquote(h))).replace(os.sep, '/')
            try:
                x = z.read(p).decode('utf-8', 'replace')
            except KeyError:
                continue
            x = re.sub(r'(?s)^.*?<body\b[^>]*>', '', x)
            d = os.path.dirname(p)
            for src in re.findall(r'<(?:img|image)\b[^>]*?\b(?:src|xlink:href|href)="([^"#]+)"', x):
                body_images.add(os.path.normpath(os.path.join(d, urllib.parse.unquote(src))))
            for m in re.finditer(r'(?s)<(pre|code)\b[^>]*>(.*?)</\1>', x):
                code.append(html.unescape(re.sub(r'<[^>]+>', '', m.group(2))))
            x = re.sub(r'(?s)<(pre|code)\b[^>]*>.*?</\1>', ' ', x)
            for m in re.finditer(r'(?s)<h([1-6])\b[^>]*>(.*?)</h\1>', x):
                headings.append(html.unescape(re.sub(r'<[^>]+>', '', m.group(2))).strip())
            x = re.sub(r'(?i)<br\s*/?>|</(p|h[1-6]|li|div|blockquote|tr|dt|dd|figcaption|section)>', '\n', x)
            text.append(html.unescape(re.sub(r'<[^>]+>', '', x)))
        info['images'] = sorted(body_images)  # distinct images the chapters show (a cover only if the body uses it)
        info['text'] = '\n'.join(text)
        info['code'] = '\n'.join(code)
        info['headings'] = headings
        info['ok'] = True
    return info


def md_info(path):
    t = read_text(path)
    fm, body = split_front(t)
    title = fm_value(fm, 'title')
    m = re.search(r'(?m)^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$', FENCE.sub('', body))
    setext = re.search(r'(?m)^(\S[^\n]*)\n(=+|-+)[ \t]*$', FENCE.sub('', body))
    first = None
    if m and (not setext or m.start() < setext.start()):
        first = m.group(2)
    elif setext:
        first = setext.group(1)
    return {'title': title, 'first_heading': first}


def pdf_text(path):
    if not shutil.which('pdftotext'):
        return None
    try:
        r = subprocess.run(['pdftotext', '-q', '-enc', 'UTF-8', path, '-'], capture_output=True, timeout=300)
        return r.stdout.decode('utf-8', 'replace')
    except (subprocess.SubprocessError, OSError):
        return None


def count_markers(s):
    return {k: len(rx.findall(s or '')) for k, rx in MARKERS.items()}


def parse_epubcheck(path):
    """{epub path: {'E': n, 'W': n, 'F': n, 'codes': Counter, 'first': [msg...]}}"""
    res = {}
    cur = None
    if not path or not os.path.exists(path):
        return res
    for line in open(path, encoding='utf-8', errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('=== FILE '):
            cur = res.setdefault(line[9:], {'E': 0, 'W': 0, 'F': 0, 'codes': collections.Counter(), 'first': [], 'rc': None})
            continue
        if line.startswith('=== RC ') and cur is not None:
            cur['rc'] = int(line[7:].strip() or 0)
            continue
        m = re.match(r'^(FATAL|ERROR|WARNING)\(([\w-]+)\):\s*(.*)$', line)
        if m and cur is not None:
            lvl = {'FATAL': 'F', 'ERROR': 'E', 'WARNING': 'W'}[m.group(1)]
            cur[lvl] += 1
            cur['codes']['%s %s' % (m.group(1)[0], m.group(2))] += 1
            if len(cur['first']) < 2:
                msg = re.sub(r'^\S+\(-?\d+,-?\d+\):\s*', '', m.group(3))
                cur['first'].append('%s(%s) %s' % (m.group(1), m.group(2), msg[:160]))
    return res


def norm_warning(w):
    w = re.sub(r'"[^"]*"|`[^`]*`|\'[^\']*\'|«[^»]*»', '"…"', w)
    w = re.sub(r'\S*[/\\]\S*', '…', w)
    w = re.sub(r'\d+', 'N', w)
    return w[:90]


# ---------------------------------------------------------------- one blog

def analyse(work, epubcheck, jobs):
    blog = os.path.realpath(open(os.path.join(work, 'blogdir')).read().strip())
    name = os.path.basename(work)
    conv = os.path.join(work, 'conv')
    R = {'name': name, 'blog': blog}
    R['rc'] = int(read_text(os.path.join(work, 'convert.rc')).strip() or -1)
    R['seconds'] = read_text(os.path.join(work, 'convert.seconds')).strip()
    stderr = read_text(os.path.join(work, 'convert.stderr'), 64 << 20).splitlines()

    sites = find_sites(blog)
    R['sites'] = ['%s %s' % (e, os.path.relpath(d, blog)) for d, e in sorted(sites.items())]
    # what postbind reads and what the engine calls posts
    readable, kinds = [], {}
    for d, dirs, files in os.walk(blog):
        dirs[:] = [x for x in dirs if not x.startswith('.')]
        for f in files:
            if f.lower().endswith(READ_EXT) and not f.startswith('.'):
                p = os.path.join(d, f)
                readable.append(p)
                s, e = site_of(p, sites, blog)
                kinds[p] = (post_kind(p, s, e), s, e)
    R['readable'] = len(readable)
    R['site_posts'] = sum(1 for k in kinds.values() if k[0] == 'post')
    R['site_drafts'] = sum(1 for k in kinds.values() if k[0] == 'draft')

    # outputs → sources
    by_key = collections.defaultdict(list)
    for p in readable:
        rel = os.path.relpath(p, blog)
        by_key[os.path.splitext(rel)[0]].append(p)
    outputs = collections.defaultdict(dict)  # source → {ext: path}
    unmapped = []
    for d, dirs, files in os.walk(conv):
        for f in files:
            stem, ext = os.path.splitext(f)
            ext = ext.lower().lstrip('.')
            if ext not in ('md', 'epub', 'pdf'):
                continue
            p = os.path.join(d, f)
            key = os.path.splitext(os.path.relpath(p, conv))[0]
            src = by_key.get(key) or by_key.get(os.path.join(key, 'index'))
            if not src:
                unmapped.append(os.path.relpath(p, conv))
                continue
            outputs[src[0]][ext] = p
    R['unmapped_outputs'] = len(unmapped)
    R['unmapped_examples'] = unmapped[:3]

    warn = [l for l in stderr if l.startswith('warning: ')]
    errs = [l for l in stderr if l.startswith('error: ')]
    summ = next((l for l in stderr if l.startswith('converted ')), '')
    m = re.match(r'converted (\d+) posts \((\d+) files\), failed (\d+)', summ)
    R['converted'] = int(m.group(1)) if m else len(outputs)
    R['failed'] = int(m.group(3)) if m else len(errs)
    R['error_examples'] = [e[7:200] for e in errs[:3]]
    wposts = collections.Counter()
    wkinds = collections.Counter()
    wexample = {}
    for l in warn:
        rest = l[len('warning: '):]
        mm = re.match(r'(.+?): (.*)$', rest)
        n, w = (mm.group(1), mm.group(2)) if mm else ('?', rest)
        if n.startswith(blog + os.sep):
            n = n[len(blog) + 1:]
        wposts[n] += 1
        k = norm_warning(w)
        wkinds[k] += 1
        wexample.setdefault(k, '%s: %s' % (n, w[:160]))
    R['warnings'] = len(warn)
    R['warned_posts'] = len(wposts)
    R['warning_kinds'] = [(c, k, wexample[k]) for k, c in wkinds.most_common(6)]

    srcs = sorted(outputs)
    conv_kind = collections.Counter(kinds.get(s, ('other',))[0] for s in srcs)
    R['converted_posts'] = conv_kind['post']
    R['converted_drafts'] = conv_kind['draft']
    R['converted_other'] = conv_kind['other']
    R['other_examples'] = [os.path.relpath(s, blog) for s in srcs if kinds.get(s, ('other',))[0] == 'other'][:4]
    R['draft_examples'] = [os.path.relpath(s, blog) for s in srcs if kinds.get(s, ('',))[0] == 'draft'][:3]
    R['missed_posts'] = [os.path.relpath(p, blog) for p, k in kinds.items() if k[0] == 'post' and p not in outputs]

    def per_post(src):
        o = outputs[src]
        kind, site, engine = kinds.get(src, ('other', None, None))
        raw = read_text(src)
        fm, body = split_front(raw)
        x = {'src': os.path.relpath(src, blog), 'kind': kind}
        x['site_author'] = site_author(site, engine) if kind == 'post' else ''
        x['prose_lang'] = prose_language(body)
        x['literal'] = expected_literals(body, engine)
        refs = image_refs(body)
        found = set()
        for r in refs:
            f = resolve_image(r, src, site, engine, blog)
            if f:
                found.add(f)
        x['img_expected'] = len(found)
        x['img_expected_examples'] = [os.path.relpath(f, blog) for f in sorted(found)[:2]]
        x['src_breaks'] = hard_breaks(body)
        if 'md' in o:
            x['md_breaks'] = hard_breaks(split_front(read_text(o['md']))[1])
            mi = md_info(o['md'])
            x['md_title'] = mi['title']
            x['dup_md'] = bool(mi['title'] and mi['first_heading'] and norm_title(mi['title']) == norm_title(mi['first_heading']))
        if 'epub' in o:
            ei = epub_info(o['epub'])
            x['epub_ok'] = ei['ok']
            if ei['ok']:
                x['title'] = ei['title']
                x['lang'] = ei['language']
                x['creator'] = ei['creator']
                x['img_embedded'] = len(ei['images'])
                x['epub_raw'] = count_markers(ei['text'])
                x['epub_code'] = count_markers(ei['code'])
                # the chapter's title heading immediately followed by the same heading from the body
                hs = [norm_title(h) for h in ei['headings'][:2]]
                x['dup_epub'] = len(hs) == 2 and hs[0] == hs[1] == norm_title(ei['title'])
        if 'pdf' in o:
            t = pdf_text(o['pdf'])
            if t is not None:
                x['pdf_raw'] = count_markers(t)
        base = os.path.basename(src)
        if base.lower() in ('index.md', 'index.markdown', 'index.html') and not fm_value(fm, 'title'):
            want = os.path.basename(os.path.dirname(src))
            got = x.get('title') or x.get('md_title') or ''
            x['bundle_untitled'] = True
            x['bundle_title_wrong'] = norm_title(got) != norm_title(want)
            x['bundle_title_got'] = got
        x['epub_path'] = o.get('epub')
        return x

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        posts = list(ex.map(per_post, srcs))
    R['posts'] = len(posts)

    def title_of(x):
        return x.get('title') or x.get('md_title') or ''
    idx = [x for x in posts if title_of(x).strip().lower() in ('index', '_index')]
    R['titled_index'] = len(idx)
    R['titled_index_examples'] = [x['src'] for x in idx[:3]]
    bu = [x for x in posts if x.get('bundle_untitled')]
    bw = [x for x in bu if x.get('bundle_title_wrong')]
    R['bundle_untitled'] = len(bu)
    R['bundle_title_wrong'] = len(bw)
    R['bundle_title_examples'] = ['%s → "%s"' % (x['src'], x['bundle_title_got']) for x in bw[:3]]
    dup = [x for x in posts if x.get('dup_md') or x.get('dup_epub')]
    R['dup_title'] = len(dup)
    R['dup_title_examples'] = [x['src'] for x in dup[:3]]

    raw_e = collections.Counter(); raw_p = collections.Counter(); raw_posts_e = collections.Counter(); raw_posts_p = collections.Counter()
    raw_ex = collections.defaultdict(list)
    for x in posts:
        er = x.get('epub_raw') or {}
        ec = x.get('epub_code') or {}
        pr = x.get('pdf_raw') or {}
        lit = x.get('literal') or {}
        for k in MARKERS:
            if er.get(k, 0) > lit.get(k, 0):
                raw_e[k] += er[k] - lit.get(k, 0); raw_posts_e[k] += 1
                if len(raw_ex[k]) < 3:
                    raw_ex[k].append(x['src'])
            beyond = max(0, pr.get(k, 0) - ec.get(k, 0) - lit.get(k, 0))
            if beyond:
                raw_p[k] += beyond; raw_posts_p[k] += 1
    R['raw_epub'] = dict(raw_e); R['raw_epub_posts'] = dict(raw_posts_e)
    R['raw_pdf_beyond'] = dict(raw_p); R['raw_pdf_posts'] = dict(raw_posts_p)
    R['raw_examples'] = {k: v for k, v in raw_ex.items()}
    R['pdf_checked'] = sum(1 for x in posts if 'pdf_raw' in x)

    exp = sum(x['img_expected'] for x in posts)
    emb = sum(x.get('img_embedded', 0) for x in posts if x.get('epub_ok'))
    short = [x for x in posts if x.get('epub_ok') and x.get('img_embedded', 0) < x['img_expected']]
    R['img_expected'] = exp
    R['img_embedded'] = emb
    R['img_short_posts'] = len(short)
    R['img_missing'] = sum(x['img_expected'] - x.get('img_embedded', 0) for x in short)
    R['img_short_examples'] = ['%s (%d/%d, e.g. %s)' % (x['src'], x.get('img_embedded', 0), x['img_expected'], ', '.join(x['img_expected_examples'][:1])) for x in short[:3]]

    added = [x for x in posts if x.get('md_breaks', 0) > x['src_breaks']]
    R['breaks_added'] = sum(x['md_breaks'] - x['src_breaks'] for x in added)
    R['breaks_posts'] = len(added)
    R['breaks_examples'] = ['%s (%d → %d)' % (x['src'], x['src_breaks'], x['md_breaks']) for x in sorted(added, key=lambda x: x['src_breaks'] - x['md_breaks'])[:2]]
    na = [x for x in posts if x.get('epub_ok') and x.get('site_author') and not x.get('creator')]
    R['no_author'] = len(na)
    R['no_author_examples'] = ['%s (site author `%s`)' % (x['src'], x['site_author']) for x in na[:2]]
    R['creators'] = collections.Counter(x.get('creator') or '(none)' for x in posts if x.get('epub_ok')).most_common(3)
    langs = collections.Counter(x.get('lang') or '?' for x in posts if x.get('epub_ok'))
    R['langs'] = langs.most_common()
    zh = [x for x in posts if x['prose_lang'].startswith('zh') and x.get('epub_ok')]
    zh_bad = [x for x in zh if not (x.get('lang') or '').lower().startswith('zh')]
    R['zh_prose'] = len(zh)
    R['zh_nonzh'] = len(zh_bad)
    R['zh_nonzh_examples'] = ['%s → %s' % (x['src'], x.get('lang') or '?') for x in zh_bad[:3]]
    hant = [x for x in zh if x['prose_lang'] == 'zh-Hant' and re.search(r'(?i)hans|zh-cn|zh-sg', x.get('lang') or '')]
    hans = [x for x in zh if x['prose_lang'] == 'zh-Hans' and re.search(r'(?i)hant|zh-tw|zh-hk', x.get('lang') or '')]
    R['zh_variant_wrong'] = len(hant) + len(hans)
    R['zh_variant_examples'] = ['%s (%s prose) → %s' % (x['src'], x['prose_lang'], x['lang']) for x in (hant + hans)[:3]]
    ja = [x for x in posts if x['prose_lang'] == 'ja' and x.get('epub_ok')]
    R['ja_prose'] = len(ja)
    R['ja_wrong'] = sum(1 for x in ja if not (x.get('lang') or '').lower().startswith('ja'))
    R['ja_wrong_examples'] = ['%s → %s' % (x['src'], x.get('lang')) for x in ja if not (x.get('lang') or '').lower().startswith('ja')][:3]
    R['titles_sample'] = [(x['src'], title_of(x), x.get('lang')) for x in posts[:0]]

    # epubcheck
    ck = {p: v for p, v in epubcheck.items() if p.startswith(os.path.join(work, 'conv') + os.sep)}
    R['epubcheck_files'] = len(ck)
    R['epubcheck_E'] = sum(v['E'] + v['F'] for v in ck.values())
    R['epubcheck_W'] = sum(v['W'] for v in ck.values())
    R['epubcheck_bad'] = sum(1 for v in ck.values() if v['E'] + v['F'] + v['W'])
    codes = collections.Counter()
    for v in ck.values():
        codes.update(v['codes'])
    R['epubcheck_codes'] = codes.most_common(6)
    firsts = []
    for p, v in sorted(ck.items()):
        if v['first'] and len(firsts) < 3:
            firsts.append('%s: %s' % (os.path.relpath(p, conv), v['first'][0]))
    R['epubcheck_examples'] = firsts

    # book
    bk = os.path.join(work, 'book.epub')
    if os.path.exists(os.path.join(work, 'book.rc')):
        B = {'rc': int(read_text(os.path.join(work, 'book.rc')).strip() or -1),
             'seconds': read_text(os.path.join(work, 'book.seconds')).strip()}
        berr = read_text(os.path.join(work, 'book.stderr'), 16 << 20).splitlines()
        B['warnings'] = sum(1 for l in berr if l.startswith('warning: '))
        B['errors'] = sum(1 for l in berr if l.startswith('error: '))
        B['stderr_tail'] = [l[:200] for l in berr if not l.startswith('warning: ')][-3:]
        if os.path.exists(bk):
            bi = epub_info(bk)
            B['size_mb'] = round(os.path.getsize(bk) / 1e6, 1)
            if bi['ok']:
                B.update(title=bi['title'], lang=bi['language'], creator=bi['creator'], spine=bi['spine'],
                         images=len(bi['images']), raw=count_markers(bi['text']))
            c = epubcheck.get(bk)
            if c:
                B['check'] = '%dE %dW' % (c['E'] + c['F'], c['W'])
                B['check_codes'] = c['codes'].most_common(4)
        R['book'] = B
    return R


# ---------------------------------------------------------------- report

def fmt_markers(d, keys=TABLE_MARKERS):
    return ' / '.join(str(d.get(k, 0)) for k in keys)


def report(results, binpath):
    out = []
    out.append('postbind: `%s`' % binpath)
    out.append('')
    out.append('| blog | read | conv / fail | posts (site) | non-posts conv | drafts conv | titled "index" (bundle not titled by folder) | title twice | raw EPUB `{%`/`{{<`/`:::`/`+++`/`**` | raw PDF beyond code | images EPUB / local refs (posts short) | zh prose → non-zh | epubcheck E / W (EPUBs) | no author, site has one | added hard breaks (posts) | warnings (posts) | book | s |')
    out.append('|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---|---:|---:|---|---|---:|')
    for R in results:
        B = R.get('book') or {}
        book = '—'
        if B:
            book = 'rc %d' % B['rc']
            if 'spine' in B:
                book += ', %d docs, %s MB, %s' % (B['spine'], B.get('size_mb'), B.get('check', 'unchecked'))
        out.append('| %s | %d | %d / %d | %d (%d) | %d | %d | %s | %d | %s | %s | %d / %d (%d) | %d / %d | %d / %d (%d) | %d | %d (%d) | %d (%d) | %s | %s |' % (
            R['name'], R['readable'], R['converted'], R['failed'], R['converted_posts'], R['site_posts'],
            R['converted_other'], R['converted_drafts'], '%d (%d)' % (R['titled_index'], R['bundle_title_wrong']), R['dup_title'],
            fmt_markers(R['raw_epub']), fmt_markers(R['raw_pdf_beyond']) if R['pdf_checked'] else 'n/a',
            R['img_embedded'], R['img_expected'], R['img_short_posts'], R['zh_nonzh'], R['zh_prose'],
            R['epubcheck_E'], R['epubcheck_W'], R['epubcheck_bad'], R['no_author'], R['breaks_added'], R['breaks_posts'], R['warnings'], R['warned_posts'], book, R['seconds']))
    out.append('')
    out.append('Columns: *read* = files `convert DIR` picks up; *posts (site)* = converted files that the site engine '
               'publishes as posts (its own count); *raw EPUB* counts markers in EPUB text outside `<pre>`/`<code>`; '
               '*raw PDF beyond code* = pdftotext occurrences less those inside the same post\'s EPUB code and less the engine\'s own literals; '
               '*images* = image items in the EPUBs vs distinct local image files the sources reference that exist '
               'under the blog root (posts with fewer embedded); *zh prose* = posts whose prose (no code/URLs) is Chinese; '
               '*epubcheck E* includes fatals, *(EPUBs)* = EPUBs with any message.')
    for R in results:
        out.append('')
        out.append('### %s' % R['name'])
        out.append('')
        L = []
        L.append('sites: %s; site posts %d, site drafts %d; convert rc %d in %ss' % (', '.join(R['sites']) or 'none', R['site_posts'], R['site_drafts'], R['rc'], R['seconds']))
        if R['error_examples']:
            L.append('failures: ' + '; '.join('`%s`' % e for e in R['error_examples']))
        if R['missed_posts']:
            L.append('site posts not converted: %d, e.g. %s' % (len(R['missed_posts']), ', '.join('`%s`' % p for p in R['missed_posts'][:3])))
        if R['converted_other']:
            L.append('non-posts converted: %d, e.g. %s' % (R['converted_other'], ', '.join('`%s`' % p for p in R['other_examples'])))
        if R['converted_drafts']:
            L.append('drafts converted: %d, e.g. %s' % (R['converted_drafts'], ', '.join('`%s`' % p for p in R['draft_examples'])))
        if R['unmapped_outputs']:
            L.append('outputs not traced to a source: %d, e.g. %s' % (R['unmapped_outputs'], ', '.join('`%s`' % p for p in R['unmapped_examples'])))
        if R['titled_index']:
            L.append('titled "index": %d, e.g. %s' % (R['titled_index'], ', '.join('`%s`' % p for p in R['titled_index_examples'])))
        if R['bundle_untitled']:
            L.append('`index.*` bundles without a front-matter title: %d, not titled from their folder: %d%s' % (R['bundle_untitled'], R['bundle_title_wrong'], (', e.g. ' + ', '.join('`%s`' % e for e in R['bundle_title_examples'])) if R['bundle_title_wrong'] else ''))
        if R['dup_title']:
            L.append('title printed twice: %d, e.g. %s' % (R['dup_title'], ', '.join('`%s`' % p for p in R['dup_title_examples'])))
        raw = ['`%s` %d in %d posts (e.g. %s)' % (k, R['raw_epub'][k], R['raw_epub_posts'][k], ', '.join('`%s`' % p for p in R['raw_examples'].get(k, [])[:2])) for k in MARKERS if R['raw_epub'].get(k)]
        if raw:
            L.append('raw in EPUB text: ' + '; '.join(raw))
        rawp = ['`%s` %d in %d posts' % (k, R['raw_pdf_beyond'][k], R['raw_pdf_posts'][k]) for k in MARKERS if R['raw_pdf_beyond'].get(k)]
        if rawp:
            L.append('raw in PDF beyond code: ' + '; '.join(rawp))
        L.append('images: %d embedded, %d local refs found on disk, %d posts short by %d; e.g. %s' % (R['img_embedded'], R['img_expected'], R['img_short_posts'], R['img_missing'], '; '.join('`%s`' % e for e in R['img_short_examples']) or '—'))
        L.append('hard line breaks in the Markdown output beyond the source\'s own: %d in %d posts%s' % (R['breaks_added'], R['breaks_posts'], (', e.g. ' + ', '.join('`%s`' % e for e in R['breaks_examples'])) if R['breaks_posts'] else ''))
        L.append('dc:language: ' + ', '.join('%s %d' % kv for kv in R['langs']) + '; dc:creator: ' + ', '.join('`%s` %d' % kv for kv in R['creators']))
        if R['zh_nonzh']:
            L.append('Chinese prose labelled non-zh: %d of %d, e.g. %s' % (R['zh_nonzh'], R['zh_prose'], ', '.join('`%s`' % e for e in R['zh_nonzh_examples'])))
        if R['zh_variant_wrong']:
            L.append('Chinese variant mismatch (Hant prose → Hans label or the reverse): %d, e.g. %s' % (R['zh_variant_wrong'], ', '.join('`%s`' % e for e in R['zh_variant_examples'])))
        if R['ja_prose']:
            L.append('Japanese prose: %d, labelled non-ja: %d%s' % (R['ja_prose'], R['ja_wrong'], (' e.g. ' + ', '.join('`%s`' % e for e in R['ja_wrong_examples'])) if R['ja_wrong'] else ''))
        if R['epubcheck_files']:
            L.append('epubcheck: %d EPUBs, %d errors, %d warnings; %s%s' % (R['epubcheck_files'], R['epubcheck_E'], R['epubcheck_W'], ', '.join('%s ×%d' % kv for kv in R['epubcheck_codes']) or 'clean', ('; e.g. ' + '; '.join('`%s`' % e for e in R['epubcheck_examples'])) if R['epubcheck_examples'] else ''))
        if R['warnings']:
            L.append('warnings: %d in %d posts; top: %s' % (R['warnings'], R['warned_posts'], '; '.join('%d× `%s`' % (c, ex) for c, k, ex in R['warning_kinds'])))
        B = R.get('book')
        if B:
            s = 'book: rc %d, %ss, %d warnings, %d errors' % (B['rc'], B['seconds'], B['warnings'], B['errors'])
            if 'spine' in B:
                s += ', title `%s`, lang `%s`, creator `%s`, %d spine docs, %d images, %s MB, raw `{%%` %d `{{<` %d, epubcheck %s %s' % (
                    B['title'], B['lang'], B['creator'], B['spine'], B['images'], B['size_mb'], B['raw']['{%'], B['raw']['{{<'], B.get('check', 'unchecked'),
                    ', '.join('%s ×%d' % kv for kv in B.get('check_codes', [])))
            if B['rc'] != 0 and B.get('stderr_tail'):
                s += '; stderr: ' + ' | '.join('`%s`' % l for l in B['stderr_tail'])
            L.append(s)
        out += ['- ' + l for l in L]
    return '\n'.join(out)


DIFF_KEYS = [('converted', 'converted'), ('converted_other', 'non-posts'), ('converted_drafts', 'drafts'),
             ('titled_index', '"index"'), ('bundle_title_wrong', 'bundle title'), ('dup_title', 'title twice'),
             ('raw_epub', 'raw EPUB'), ('raw_pdf_beyond', 'raw PDF'), ('img_embedded', 'images'), ('img_short_posts', 'img short'),
             ('zh_nonzh', 'zh→non-zh'), ('epubcheck_E', 'epubcheck E'), ('epubcheck_W', 'epubcheck W'),
             ('no_author', 'no author'), ('breaks_added', 'added breaks'), ('warnings', 'warnings')]


def diff(a_path, b_path):
    """Markdown table of what changed between two --json outputs (same blogs)."""
    A = {r['name']: r for r in json.load(open(a_path))}
    B = {r['name']: r for r in json.load(open(b_path))}
    val = lambda r, k: sum(r.get(k, {}).values()) if isinstance(r.get(k), dict) else r.get(k, 0)
    out = ['| blog | ' + ' | '.join(t for _, t in DIFF_KEYS) + ' |', '|---' * (len(DIFF_KEYS) + 1) + '|']
    for name in B:
        if name not in A:
            continue
        cells = []
        for k, _ in DIFF_KEYS:
            x, y = val(A[name], k), val(B[name], k)
            cells.append(str(y) if x == y else '%s → **%s**' % (x, y))
        out.append('| %s | %s |' % (name, ' | '.join(cells)))
    return '\n'.join(out)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == '--diff':
        print(diff(sys.argv[2], sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument('--epubcheck')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--bin', default='?')
    ap.add_argument('--json', help='also write the raw numbers here')
    ap.add_argument('work', nargs='+')
    a = ap.parse_args()
    ck = parse_epubcheck(a.epubcheck)
    results = [analyse(os.path.realpath(w), ck, a.jobs) for w in a.work]
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(results, f, ensure_ascii=False, indent=1, default=str)
    print(report(results, a.bin))


if __name__ == '__main__':
    main()
