//! pulldown-latex's event stream to a tree of math nodes, with an explicit stack: the nesting
//! of the TeX costs heap, and past a hard cap the formula is refused (it is then shown as its
//! source).

use pulldown_latex::event::{
    ArrayColumn, ColumnAlignment, Content, DelimiterSize, Dimension, DimensionUnit,
    EnvironmentFlow, Event, Font, Grouping, ScriptPosition, ScriptType, StateChange, Visual,
};
use pulldown_latex::{Parser, Storage};

/// How deep groups, scripts, fractions and roots may nest.
pub const MAX_DEPTH: usize = 24;
/// How many events one formula may produce.
const MAX_EVENTS: usize = 4_000;
/// How long a formula's source may be.
const MAX_SOURCE: usize = 8_000;

/// TeX's atom classes, which decide the space between neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Ord,
    Op,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
    Inner,
}

/// TeX's math styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Display,
    Text,
    Script,
    ScriptScript,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Scripts to the right.
    Right,
    /// Above and below (accents, `\overset`).
    Limits,
    /// Above and below in display style, to the right in text (`\sum`, `\lim`).
    Movable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColAlign {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Atom {
        /// What is drawn (math alphanumerics already chosen).
        text: String,
        /// What the text layer says (the letters as typed).
        source: String,
        class: Class,
        /// A large operator (`\sum`, `\int`): bigger in display style, centred on the axis.
        large: bool,
        /// `\text{…}`: set in the text face, spaces kept.
        prose: bool,
        /// `\big(` and friends: the height asked for, in ems.
        delim: Option<f32>,
        /// Accents and arrows over or under a base may stretch to its width.
        stretchy: bool,
    },
    Group {
        nodes: Vec<Node>,
        level: Option<Level>,
    },
    Frac {
        num: Box<Node>,
        den: Box<Node>,
        rule: bool,
    },
    Root {
        body: Box<Node>,
        index: Option<Box<Node>>,
    },
    Scripts {
        base: Box<Node>,
        sub: Option<Box<Node>>,
        sup: Option<Box<Node>>,
        place: Place,
    },
    Fenced {
        open: Option<char>,
        close: Option<char>,
        body: Vec<Node>,
    },
    Table {
        rows: Vec<Vec<Vec<Node>>>,
        align: Vec<ColAlign>,
        /// Columns set in pairs, right then left, with no gap inside a pair (`aligned`).
        pairs: bool,
        /// `cases`: a brace on the left.
        brace: bool,
        /// Cells in display style (`aligned`, `gathered`); matrices are in text style.
        display: bool,
    },
    /// Horizontal space, in ems.
    Space(f32),
    Negated(Box<Node>),
}

/// Why a formula is not typeset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

#[derive(Debug, Clone, Copy)]
enum Pending {
    Frac { rule: bool },
    Sqrt,
    Root,
    Negation,
    Script { ty: ScriptType, place: Place },
}

impl Pending {
    fn wants(self) -> usize {
        match self {
            Pending::Frac { .. } | Pending::Root => 2,
            Pending::Sqrt | Pending::Negation => 1,
            Pending::Script { ty, .. } => match ty {
                ScriptType::SubSuperscript => 3,
                _ => 2,
            },
        }
    }
}

enum Frame {
    Group {
        grouping: Grouping,
        font: Option<Font>,
        level: Option<Level>,
        rows: Vec<Vec<Vec<Node>>>,
    },
    Pending {
        kind: Pending,
        got: Vec<Node>,
    },
}

impl Frame {
    fn group(grouping: Grouping, font: Option<Font>) -> Frame {
        Frame::Group {
            grouping,
            font,
            level: None,
            rows: vec![vec![Vec::new()]],
        }
    }
}

/// The formula's nodes, or why it cannot be set.
pub fn parse(tex: &str) -> Result<Vec<Node>, Unsupported> {
    if tex.len() > MAX_SOURCE {
        return Err(Unsupported("too long"));
    }
    let storage = Storage::new();
    let mut stack: Vec<Frame> = vec![Frame::group(Grouping::Normal, None)];
    for (n, event) in Parser::new(tex, &storage).enumerate() {
        if n >= MAX_EVENTS {
            return Err(Unsupported("too long"));
        }
        let event = event.map_err(|_| Unsupported("TeX the parser does not know"))?;
        if stack.len() > MAX_DEPTH {
            return Err(Unsupported("nested too deeply"));
        }
        match event {
            Event::Content(c) => {
                let font = current_font(&stack);
                let node = content(c, font);
                emit(&mut stack, node)?;
            }
            Event::Begin(grouping) => {
                let font = match grouping {
                    Grouping::Normal | Grouping::LeftRight(..) => current_font(&stack),
                    _ => None,
                };
                stack.push(Frame::group(grouping, font));
            }
            Event::End => {
                if stack.len() < 2 {
                    return Err(Unsupported("unbalanced groups"));
                }
                let Some(Frame::Group {
                    grouping,
                    level,
                    rows,
                    ..
                }) = stack.pop()
                else {
                    return Err(Unsupported("a group closed before its arguments"));
                };
                emit(&mut stack, finish_group(grouping, level, rows))?;
            }
            Event::Visual(v) => {
                let kind = match v {
                    Visual::SquareRoot => Pending::Sqrt,
                    Visual::Root => Pending::Root,
                    Visual::Fraction(bar) => Pending::Frac {
                        rule: bar.is_none_or(|d| d.value > 0.0),
                    },
                    Visual::Negation => Pending::Negation,
                };
                stack.push(Frame::Pending {
                    kind,
                    got: Vec::new(),
                });
            }
            Event::Script { ty, position } => {
                let place = match position {
                    ScriptPosition::Right => Place::Right,
                    ScriptPosition::AboveBelow => Place::Limits,
                    ScriptPosition::Movable => Place::Movable,
                };
                stack.push(Frame::Pending {
                    kind: Pending::Script { ty, place },
                    got: Vec::new(),
                });
            }
            Event::Space { width, .. } => {
                let em = width.map_or(0.0, ems);
                emit(&mut stack, Node::Space(em))?;
            }
            Event::StateChange(change) => {
                if let Some(Frame::Group { font, level, .. }) = innermost_group(&mut stack) {
                    match change {
                        StateChange::Font(f) => *font = f,
                        StateChange::Style(s) => *level = Some(level_of(s)),
                        // Colour is not kept: the formula is set in the text's colour.
                        StateChange::Color(_) => {}
                    }
                }
            }
            Event::EnvironmentFlow(flow) => {
                let Some(Frame::Group { rows, .. }) = stack.last_mut() else {
                    return Err(Unsupported("an alignment outside an environment"));
                };
                match flow {
                    EnvironmentFlow::Alignment => {
                        if let Some(row) = rows.last_mut() {
                            row.push(Vec::new());
                        }
                    }
                    EnvironmentFlow::NewLine { .. } => rows.push(vec![Vec::new()]),
                    EnvironmentFlow::StartLines { .. } => {}
                }
            }
        }
    }
    match (stack.pop(), stack.is_empty()) {
        (
            Some(Frame::Group {
                mut rows, level, ..
            }),
            true,
        ) if rows.len() == 1 => {
            let cells = rows.pop().unwrap_or_default();
            if cells.len() > 1 {
                // `&` at the top level: the parser accepts it in some contexts; set as one row.
                return Ok(vec![finish_group(Grouping::Aligned, level, vec![cells])]);
            }
            let nodes = cells.into_iter().flatten().collect();
            Ok(match level {
                Some(level) => vec![Node::Group {
                    nodes,
                    level: Some(level),
                }],
                None => nodes,
            })
        }
        (Some(Frame::Group { rows, level, .. }), true) => {
            // `\\` at the top level: the lines of a `gathered`.
            Ok(vec![finish_group(Grouping::Gathered, level, rows)])
        }
        _ => Err(Unsupported("an unfinished construct")),
    }
}

fn innermost_group(stack: &mut [Frame]) -> Option<&mut Frame> {
    stack
        .iter_mut()
        .rev()
        .find(|f| matches!(f, Frame::Group { .. }))
}

fn current_font(stack: &[Frame]) -> Option<Font> {
    stack.iter().rev().find_map(|f| match f {
        Frame::Group { font, .. } => Some(*font),
        Frame::Pending { .. } => None,
    })?
}

/// Hands a finished element to the frame waiting for it; a construct complete with it is
/// itself an element for the frame below, and so on.
fn emit(stack: &mut Vec<Frame>, mut node: Node) -> Result<(), Unsupported> {
    loop {
        match stack.last_mut() {
            Some(Frame::Pending { kind, got }) => {
                got.push(node);
                if got.len() < kind.wants() {
                    return Ok(());
                }
                let kind = *kind;
                let got = std::mem::take(got);
                stack.pop();
                node = finish_pending(kind, got)?;
            }
            Some(Frame::Group { rows, .. }) => {
                if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                    cell.push(node);
                }
                return Ok(());
            }
            None => return Err(Unsupported("unbalanced groups")),
        }
    }
}

fn finish_pending(kind: Pending, got: Vec<Node>) -> Result<Node, Unsupported> {
    let mut it = got.into_iter();
    let mut next = || it.next().map(Box::new);
    let missing = Unsupported("a construct without its arguments");
    Ok(match kind {
        Pending::Frac { rule } => Node::Frac {
            num: next().ok_or(missing.clone())?,
            den: next().ok_or(missing)?,
            rule,
        },
        Pending::Sqrt => Node::Root {
            body: next().ok_or(missing)?,
            index: None,
        },
        Pending::Root => Node::Root {
            body: next().ok_or(missing)?,
            index: next(),
        },
        Pending::Negation => negate(*next().ok_or(missing)?),
        Pending::Script { ty, place } => {
            let base = next().ok_or(missing)?;
            let (sub, sup) = match ty {
                ScriptType::Subscript => (next(), None),
                ScriptType::Superscript => (None, next()),
                ScriptType::SubSuperscript => {
                    let sub = next();
                    (sub, next())
                }
            };
            Node::Scripts {
                base,
                sub,
                sup,
                place,
            }
        }
    })
}

/// A negated relation: its own character where Unicode has one, otherwise a slash over it.
fn negate(node: Node) -> Node {
    if let Node::Atom { text, class, .. } = &node {
        let negated = match text.as_str() {
            "=" => Some('≠'),
            "∈" => Some('∉'),
            "≡" => Some('≢'),
            "<" => Some('≮'),
            ">" => Some('≯'),
            "≤" => Some('≰'),
            "≥" => Some('≱'),
            "⊂" => Some('⊄'),
            "⊃" => Some('⊅'),
            "⊆" => Some('⊈'),
            "⊇" => Some('⊉'),
            "∃" => Some('∄'),
            "∼" => Some('≁'),
            "≈" => Some('≉'),
            "∋" => Some('∌'),
            _ => None,
        };
        if let Some(c) = negated {
            return atom(c.to_string(), c.to_string(), *class);
        }
    }
    Node::Negated(Box::new(node))
}

fn finish_group(grouping: Grouping, level: Option<Level>, mut rows: Vec<Vec<Vec<Node>>>) -> Node {
    let single = |mut rows: Vec<Vec<Vec<Node>>>| -> Vec<Node> {
        rows.drain(..).flatten().flatten().collect()
    };
    let table =
        |rows: Vec<Vec<Vec<Node>>>, align: Vec<ColAlign>, pairs, brace, display| Node::Table {
            rows,
            align,
            pairs,
            brace,
            display,
        };
    // A final `\\` leaves an empty last row.
    if rows.len() > 1
        && rows
            .last()
            .is_some_and(|r| r.len() == 1 && r.iter().all(Vec::is_empty))
    {
        rows.pop();
    }
    match grouping {
        Grouping::Normal => Node::Group {
            nodes: single(rows),
            level,
        },
        Grouping::LeftRight(open, close) => Node::Fenced {
            open,
            close,
            body: single(rows),
        },
        Grouping::Array(cols) => {
            let align = cols
                .iter()
                .filter_map(|c| match c {
                    ArrayColumn::Column(a) => Some(col(*a)),
                    ArrayColumn::Separator(_) => None,
                })
                .collect();
            table(rows, align, false, false, false)
        }
        Grouping::Matrix { alignment } | Grouping::SubArray { alignment } => {
            table(rows, vec![col(alignment)], false, false, false)
        }
        Grouping::Cases { left } => table(rows, vec![ColAlign::Left], false, left, false),
        Grouping::Align { .. }
        | Grouping::Aligned
        | Grouping::Alignat { .. }
        | Grouping::Alignedat { .. }
        | Grouping::Split => table(rows, Vec::new(), true, false, true),
        Grouping::Equation { .. }
        | Grouping::Gather { .. }
        | Grouping::Gathered
        | Grouping::Multline => table(rows, vec![ColAlign::Center], false, false, true),
    }
}

fn col(a: ColumnAlignment) -> ColAlign {
    match a {
        ColumnAlignment::Left => ColAlign::Left,
        ColumnAlignment::Center => ColAlign::Center,
        ColumnAlignment::Right => ColAlign::Right,
    }
}

fn level_of(s: pulldown_latex::event::Style) -> Level {
    use pulldown_latex::event::Style as S;
    match s {
        S::Display => Level::Display,
        S::Text => Level::Text,
        S::Script => Level::Script,
        S::ScriptScript => Level::ScriptScript,
    }
}

/// A TeX dimension in ems of a 10 pt font.
fn ems(d: Dimension) -> f32 {
    let v = d.value;
    let em = match d.unit {
        DimensionUnit::Em => v,
        DimensionUnit::Mu => v / 18.0,
        DimensionUnit::Ex => v * 0.45,
        DimensionUnit::Pt | DimensionUnit::Bp => v / 10.0,
        DimensionUnit::Pc => v * 1.2,
        DimensionUnit::In => v * 7.2,
        DimensionUnit::Cm => v * 2.835,
        DimensionUnit::Mm => v * 0.2835,
        DimensionUnit::Dd => v * 0.107,
        DimensionUnit::Cc => v * 1.284,
        DimensionUnit::Sp => v / 655_360.0,
    };
    if em.is_finite() {
        em.clamp(-10.0, 10.0)
    } else {
        0.0
    }
}

fn atom(text: String, source: String, class: Class) -> Node {
    Node::Atom {
        text,
        source,
        class,
        large: false,
        prose: false,
        delim: None,
        stretchy: false,
    }
}

fn content(c: Content<'_>, font: Option<Font>) -> Node {
    match c {
        Content::Text(t) => Node::Atom {
            text: t.chars().map(|c| styled(c, font, false)).collect(),
            source: t.to_string(),
            class: Class::Ord,
            large: false,
            prose: true,
            delim: None,
            stretchy: false,
        },
        Content::Number(n) => atom(
            n.chars().map(|c| styled(c, font, false)).collect(),
            n.to_string(),
            Class::Ord,
        ),
        Content::Function(f) => atom(f.to_string(), f.to_string(), Class::Op),
        Content::Ordinary { content, stretchy } => Node::Atom {
            text: styled(content, font, true).to_string(),
            source: content.to_string(),
            class: Class::Ord,
            large: false,
            prose: false,
            delim: None,
            stretchy,
        },
        Content::LargeOp { content, small } => Node::Atom {
            text: content.to_string(),
            source: content.to_string(),
            class: Class::Op,
            large: !small,
            prose: false,
            delim: None,
            stretchy: false,
        },
        Content::BinaryOp { content, .. } => {
            atom(content.to_string(), content.to_string(), Class::Bin)
        }
        Content::Relation { content, .. } => {
            let mut buf = [0u8; 8];
            let text = std::str::from_utf8(content.encode_utf8_to_buf(&mut buf))
                .unwrap_or("=")
                .to_string();
            atom(text.clone(), text, Class::Rel)
        }
        Content::Delimiter { content, size, ty } => {
            use pulldown_latex::event::DelimiterType as T;
            let class = match ty {
                T::Open => Class::Open,
                T::Close => Class::Close,
                T::Fence => Class::Ord,
            };
            Node::Atom {
                text: content.to_string(),
                source: content.to_string(),
                class,
                large: false,
                prose: false,
                delim: size.map(delimiter_ems),
                stretchy: false,
            }
        }
        Content::Punctuation(p) => atom(p.to_string(), p.to_string(), Class::Punct),
    }
}

fn delimiter_ems(size: DelimiterSize) -> f32 {
    match size {
        DelimiterSize::Big => 1.2,
        DelimiterSize::BIG => 1.8,
        DelimiterSize::Bigg => 2.4,
        DelimiterSize::BIGG => 3.0,
    }
}

/// The Mathematical Alphanumeric Symbol for `c` in `font`; `math`: a variable, italic by
/// default (Latin letters and lower-case Greek).
pub fn styled(c: char, font: Option<Font>, math: bool) -> char {
    let font = match font {
        None if math => Font::Italic,
        None => return c,
        Some(f) => f,
    };
    let u = u32::from(c);
    let (upper, lower, digit, greek) = match font {
        Font::UpRight => return c,
        Font::Italic => (0x1D434, 0x1D44E, None, Some(0x1D6FC)),
        Font::Bold | Font::BoldSymbol => (0x1D400, 0x1D41A, Some(0x1D7CE), None),
        Font::BoldItalic => (0x1D468, 0x1D482, None, Some(0x1D736)),
        Font::Script => (0x1D49C, 0x1D4B6, None, None),
        Font::BoldScript => (0x1D4D0, 0x1D4EA, None, None),
        Font::Fraktur => (0x1D504, 0x1D51E, None, None),
        Font::BoldFraktur => (0x1D56C, 0x1D586, None, None),
        Font::DoubleStruck => (0x1D538, 0x1D552, Some(0x1D7D8), None),
        Font::SansSerif => (0x1D5A0, 0x1D5BA, Some(0x1D7E2), None),
        Font::BoldSansSerif => (0x1D5D4, 0x1D5EE, Some(0x1D7EC), None),
        Font::SansSerifItalic => (0x1D608, 0x1D622, None, None),
        Font::SansSerifBoldItalic => (0x1D63C, 0x1D656, None, None),
        Font::Monospace => (0x1D670, 0x1D68A, Some(0x1D7F6), None),
        Font::DoubleStruckItalic => return c,
    };
    // Letters Unicode had before the block: the block leaves holes where they would be.
    let hole = match (font, c) {
        (Font::Italic, 'h') => Some('ℎ'),
        (Font::Script, 'B') => Some('ℬ'),
        (Font::Script, 'E') => Some('ℰ'),
        (Font::Script, 'F') => Some('ℱ'),
        (Font::Script, 'H') => Some('ℋ'),
        (Font::Script, 'I') => Some('ℐ'),
        (Font::Script, 'L') => Some('ℒ'),
        (Font::Script, 'M') => Some('ℳ'),
        (Font::Script, 'R') => Some('ℛ'),
        (Font::Script, 'e') => Some('ℯ'),
        (Font::Script, 'g') => Some('ℊ'),
        (Font::Script, 'o') => Some('ℴ'),
        (Font::Fraktur, 'C') => Some('ℭ'),
        (Font::Fraktur, 'H') => Some('ℌ'),
        (Font::Fraktur, 'I') => Some('ℑ'),
        (Font::Fraktur, 'R') => Some('ℜ'),
        (Font::Fraktur, 'Z') => Some('ℨ'),
        (Font::DoubleStruck, 'C') => Some('ℂ'),
        (Font::DoubleStruck, 'H') => Some('ℍ'),
        (Font::DoubleStruck, 'N') => Some('ℕ'),
        (Font::DoubleStruck, 'P') => Some('ℙ'),
        (Font::DoubleStruck, 'Q') => Some('ℚ'),
        (Font::DoubleStruck, 'R') => Some('ℝ'),
        (Font::DoubleStruck, 'Z') => Some('ℤ'),
        _ => None,
    };
    if let Some(h) = hole {
        return h;
    }
    let mapped = match c {
        'A'..='Z' => Some(upper + (u - u32::from('A'))),
        'a'..='z' => Some(lower + (u - u32::from('a'))),
        '0'..='9' => digit.map(|d| d + (u - u32::from('0'))),
        // Lower-case Greek (ς included, as the block orders it); capitals stay upright.
        'α'..='ω' => greek.map(|g| g + (u - 0x3B1)),
        _ => None,
    };
    mapped.and_then(char::from_u32).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_fractions_and_roots_become_nodes() {
        let nodes = parse(r"x^2 + \frac{a}{b} - \sqrt[3]{y}").unwrap();
        assert!(matches!(
            nodes.first(),
            Some(Node::Scripts { sup: Some(_), .. })
        ));
        assert!(nodes
            .iter()
            .any(|n| matches!(n, Node::Frac { rule: true, .. })));
        assert!(nodes
            .iter()
            .any(|n| matches!(n, Node::Root { index: Some(_), .. })));
    }

    #[test]
    fn letters_are_math_italic_and_functions_upright() {
        let nodes = parse(r"\sin x").unwrap();
        let texts: Vec<_> = nodes
            .iter()
            .filter_map(|n| match n {
                Node::Atom { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec!["sin", "𝑥"]);
        assert_eq!(styled('h', None, true), 'ℎ');
        assert_eq!(styled('R', Some(Font::DoubleStruck), true), 'ℝ');
    }

    #[test]
    fn matrices_have_rows_and_cells() {
        let nodes = parse(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}").unwrap();
        let Some(Node::Fenced { body, .. }) = nodes.first() else {
            panic!("{nodes:?}");
        };
        let Some(Node::Table { rows, .. }) = body.first() else {
            panic!("{body:?}");
        };
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.len() == 2));
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let tex = format!("{}x{}", "{".repeat(200), "}".repeat(200));
        assert!(parse(&tex).is_err());
        assert!(parse(r"\frac{").is_err());
    }
}
