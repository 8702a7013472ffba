//! Inline suppression comments.
//!
//! `# fdl-ignore: CODE[, CODE...] [-- reason]` suppresses the named rules on one line: the line
//! it ends, or, on a line of its own, the next line that holds YAML (blank lines and other
//! comment lines in between are skipped). It covers every diagnostic that starts on that line,
//! and reaches further where a comment cannot be written or a layout change would move it:
//! - a scalar, flow list or flow mapping over several lines is covered whole from the line it
//!   starts on and from the line it ends on (a comment after the `]` that `fdl fmt` leaves when
//!   it splits a long list still works; one after a block scalar's `|` covers the block);
//! - a scalar or flow collection written on the lines below its key is covered from the key's
//!   line;
//! - from a list item's first line (`- type: pass`), the diagnostics about the step as a whole,
//!   which point at its `name` value (FDL202, FDL203).
//!
//! `# fdl-ignore-file: CODE[, ...]` anywhere suppresses the rules in the whole file. The
//! keyword takes any letter case and any number of `#`s; rules are named by code or name and
//! separated by commas, semicolons (ASCII or fullwidth) or white space. The rules are the
//! leading words that look like rules (`FDL` and digits, or a kebab-case word that is a rule's
//! name or close to one); the reason follows ` -- `, or begins at the first other word.
//!
//! A suppression that names no rule, an unknown rule or one that cannot be suppressed is
//! reported (FDL010), and so is a rule named after the reason began, whose intent cannot be
//! told. One that suppresses nothing is reported too (FDL011), so stale ones do not pile up.
//! The rules that report unreadable YAML or a second document cannot be suppressed, nor can
//! these two (set them to "off" in fdl.toml instead). Suppressions apply before rule levels.

use std::collections::{HashMap, HashSet};

use fdl_syntax::{Comment, LineIndex, Node, NodeKind, Parsed, Span};

use crate::config::{UNREADABLE_TEXT_RULES, unreadable_reason};
use crate::{Diagnostic, Edit, Fix, Rule, did_you_mean, find_rule};

const INVALID: &str = "FDL010";
const UNUSED: &str = "FDL011";
const LINE_KEYWORD: &str = "fdl-ignore";
const FILE_KEYWORD: &str = "fdl-ignore-file";

/// Removes the diagnostics that the file's suppression comments cover and adds those about
/// the comments themselves, at their rules' default severity. Runs before rule levels, on every
/// diagnostic found, so that a suppression of a rule that is off still counts as used (and a
/// stale one as unused) whatever the levels. Unused suppressions are reported only for
/// comments before `judged_before` (a byte offset): the part of the file read and checked in
/// full (0 when not every rule could run).
/// Returns true when diagnostics were added (they then need sorting).
pub(crate) fn apply(
    text: &str,
    parsed: &Parsed,
    diagnostics: &mut Vec<Diagnostic>,
    judged_before: usize,
) -> bool {
    if !parsed
        .comments
        .iter()
        .any(|c| contains_ignore_case(&c.text, LINE_KEYWORD))
    {
        return false;
    }
    let mut directives: Vec<Directive> = parsed
        .comments
        .iter()
        .filter_map(|c| Directive::parse(text, c))
        .collect();
    if directives.is_empty() {
        return false;
    }
    let lines = Lines::new(text, parsed);
    // Line suppressions by the line they cover, and file suppressions.
    let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut file_wide = Vec::new();
    // The nearest own-line suppression below, and its target: stacked comments share it.
    let mut below: Option<(u32, Option<u32>)> = None;
    for (i, d) in directives.iter_mut().enumerate().rev() {
        d.line = lines.index.position(d.hash).line;
        match d.scope {
            Some(Scope::File) => file_wide.push(i),
            Some(Scope::Line) => {
                d.target = lines.target(d.line, d.own_line, below);
                if d.own_line {
                    below = Some((d.line, d.target));
                }
                if let Some(target) = d.target {
                    by_line.entry(target).or_default().push(i);
                }
            }
            None => {}
        }
    }
    // The nodes that a suppression reaches beyond its line, kept only where one does.
    let regions: Vec<Region> = lines
        .regions(parsed)
        .into_iter()
        .filter(|r| r.lines.iter().any(|l| by_line.contains_key(l)))
        .collect();

    diagnostics.retain(|diagnostic| {
        if UNREADABLE_TEXT_RULES.contains(&diagnostic.code) {
            return true;
        }
        let line = lines.index.position(diagnostic.span.start).line;
        let mut covered_lines = vec![line];
        for region in regions.iter().filter(|r| r.covers(diagnostic.span)) {
            covered_lines.extend_from_slice(&region.lines);
        }
        covered_lines.sort_unstable();
        covered_lines.dedup();
        let covering = covered_lines
            .iter()
            .filter_map(|l| by_line.get(l))
            .flatten()
            .chain(&file_wide);
        let mut suppressed = false;
        for &i in covering {
            for item in &mut directives[i].items {
                if let Status::Rule { rule, used } = &mut item.status
                    && rule.code == diagnostic.code
                {
                    *used = true;
                    suppressed = true;
                }
            }
        }
        !suppressed
    });
    // Lines where each rule still reports, in order, for the notes of unused suppressions.
    let mut reported: HashMap<&str, Vec<u32>> = HashMap::new();
    for d in diagnostics.iter() {
        reported
            .entry(d.code)
            .or_default()
            .push(lines.index.position(d.span.start).line);
    }

    let added: Vec<Diagnostic> = directives
        .iter()
        .flat_map(|d| report(d, d.hash < judged_before, &reported))
        .collect();
    let any = !added.is_empty();
    diagnostics.extend(added);
    any
}

/// What is wrong with one suppression comment, each with a fix. `judged`: whether the comment
/// lies where every rule ran, so that an unused entry is truly stale. `reported`: the lines
/// where each rule still reports.
fn report(d: &Directive, judged: bool, reported: &HashMap<&str, Vec<u32>>) -> Vec<Diagnostic> {
    let Some(scope) = d.scope else {
        return vec![not_a_suppression(d)];
    };
    if d.items.is_empty() {
        return vec![names_no_rule(d)];
    }
    let mut reports: Vec<Option<Diagnostic>> = d
        .items
        .iter()
        .map(|item| match &item.status {
            Status::Rule { used: true, .. } => None,
            Status::Rule { rule, used: false } => {
                let lines = reported.get(rule.code).map_or(&[][..], Vec::as_slice);
                judged.then(|| unused(d, item, rule, scope, lines))
            }
            Status::Repeated(rule) => {
                let message = format!(
                    "{} is named twice in this comment",
                    describe(item.word, rule)
                );
                let mut diagnostic = new(UNUSED, message, item.span);
                diagnostic.help = Some("name each rule once".to_string());
                Some(diagnostic)
            }
            Status::Unknown => Some(unknown_rule(item)),
            Status::Unsuppressible(rule) => {
                let why = if UNREADABLE_TEXT_RULES.contains(&rule.code) {
                    format!(
                        "cannot be suppressed: {}; fix the YAML instead",
                        unreadable_reason(rule.code)
                    )
                } else {
                    "cannot be suppressed by a comment; set it to \"off\" in fdl.toml instead"
                        .to_string()
                };
                let message = format!("{} {why}", describe(item.word, rule));
                Some(new(INVALID, message, item.span))
            }
        })
        .collect();
    // The fixes depend on which entries are reported.
    let flagged: Vec<bool> = reports.iter().map(Option::is_some).collect();
    for (i, report) in reports.iter_mut().enumerate() {
        if let Some(diagnostic) = report {
            diagnostic.fixes.push(d.remove_item(i, &flagged));
        }
    }
    let mut out: Vec<Diagnostic> = reports.into_iter().flatten().collect();
    if let Some(stray) = &d.stray {
        out.push(rule_in_reason(d, stray));
    }
    out
}

/// A diagnostic about a suppression comment, at its rule's default severity (levels come
/// later).
fn new(code: &'static str, message: String, span: Span) -> Diagnostic {
    let rule = find_rule(code);
    Diagnostic::new(
        code,
        rule.map_or("", |r| r.name),
        rule.map_or(crate::Severity::Warning, |r| r.severity),
        message,
        span,
    )
}

/// FDL010 for a rule named after the reason began without ` -- `: it is not suppressed, and
/// whether it was meant to be cannot be told.
fn rule_in_reason(d: &Directive, stray: &Stray) -> Diagnostic {
    let message = format!(
        "`{}` comes after `{}`, where the reason begins, so it is not suppressed",
        stray.word, stray.reason_start
    );
    let mut diagnostic = new(INVALID, message, stray.span);
    diagnostic.help = Some(format!(
        "name the rules first, separated by commas, then the reason after ` -- `: `# {}: FDL102, FDL203 -- the reason`",
        d.keyword_text
    ));
    diagnostic
}

/// FDL010 for a word that starts like a suppression but is none (`fdl-ignore-next-line`).
fn not_a_suppression(d: &Directive) -> Diagnostic {
    let message = format!(
        "`{}` is not a suppression comment, so it suppresses nothing",
        d.keyword_text
    );
    let mut diagnostic = new(INVALID, message, d.keyword);
    diagnostic.notes.push(format!(
        "`# {LINE_KEYWORD}: CODE` suppresses a rule on the line it ends or, on a line of its own, on the next line; `# {FILE_KEYWORD}: CODE` in the whole file"
    ));
    // `fdl-ignoreFDL201`: a rule glued to the keyword; the fix must keep it.
    let lower = d.keyword_text.to_ascii_lowercase();
    let glued = [FILE_KEYWORD, LINE_KEYWORD].into_iter().find_map(|k| {
        let rest = d.keyword_text.get(k.len()..)?;
        (lower.starts_with(k) && find_rule(rest.trim_start_matches([':', '-'])).is_some())
            .then(|| (k, rest.trim_start_matches([':', '-'])))
    });
    let (replacement, message) = match glued {
        Some((keyword, rule)) => (
            format!("{keyword}: {rule}"),
            format!("replace with `{keyword}: {rule}`"),
        ),
        None => {
            let suggestion =
                did_you_mean(&lower, [LINE_KEYWORD, FILE_KEYWORD]).unwrap_or(LINE_KEYWORD);
            (
                suggestion.to_string(),
                format!("replace with `{suggestion}`"),
            )
        }
    };
    diagnostic.fixes.push(Fix {
        message,
        edits: vec![Edit {
            span: d.keyword,
            replacement,
        }],
        safe: false,
    });
    diagnostic
}

/// FDL010 for a suppression without any rule: it does not suppress everything.
fn names_no_rule(d: &Directive) -> Diagnostic {
    let message = format!(
        "`{}` names no rule, so it suppresses nothing",
        d.keyword_text
    );
    let mut diagnostic = new(INVALID, message, d.keyword);
    if let Some(word) = d.reason_start {
        diagnostic.notes.push(format!(
            "`{word}` is not a rule code or name, so it is read as the start of the reason"
        ));
    }
    diagnostic.help = Some(format!(
        "name the rules to suppress, by code or name: `# {}: FDL201 -- the reason`",
        d.keyword_text
    ));
    diagnostic.fixes.push(d.remove_all());
    diagnostic
}

/// FDL010 for a word that looks like a rule but names none, with the likely one.
fn unknown_rule(item: &Item) -> Diagnostic {
    let suggestion = did_you_mean(
        item.word,
        crate::RULES.iter().flat_map(|r| [r.code, r.name]),
    );
    let hint = suggestion
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    let message = format!("`{}` is not a rule code or name{hint}", item.word);
    let mut diagnostic = new(INVALID, message, item.span);
    diagnostic.help = Some("`fdl rules` lists every rule".to_string());
    // Only a single word is replaced, so the fix can never drop another rule written with it.
    let single_word = item
        .word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && item.word.to_ascii_lowercase().matches("fdl").count() <= 1;
    if let Some(s) = suggestion.filter(|_| single_word) {
        diagnostic.fixes.push(Fix {
            message: format!("replace with `{s}`"),
            edits: vec![Edit {
                span: item.span,
                replacement: s.to_string(),
            }],
            safe: false,
        });
    }
    diagnostic
}

/// FDL011 for a rule named in a suppression that covered none of its diagnostics.
fn unused(d: &Directive, item: &Item, rule: &Rule, scope: Scope, reported: &[u32]) -> Diagnostic {
    let what = describe(item.word, rule);
    let message = match (scope, d.target) {
        (Scope::File, _) => {
            format!(
                "this suppression of {what} suppresses nothing: the file has no such diagnostic"
            )
        }
        (Scope::Line, Some(target)) => format!(
            "this suppression of {what} suppresses nothing: no {} diagnostic starts on line {}",
            rule.code,
            target + 1
        ),
        (Scope::Line, None) => format!(
            "this suppression of {what} suppresses nothing: no line of YAML follows the comment"
        ),
    };
    let mut diagnostic = new(UNUSED, message, item.span);
    if scope == Scope::Line {
        // Where the rule did report, nearest first: the comment is likely on the wrong line.
        let wanted = d.target.unwrap_or(d.line);
        let i = reported.partition_point(|&l| l < wanted);
        let near = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|i| reported.get(i).copied())
            .min_by_key(|l| l.abs_diff(wanted));
        if let Some(line) = near {
            diagnostic.notes.push(format!(
                "{} is reported on line {}; a suppression covers the line it ends or, when on a line of its own, the next line",
                rule.code,
                line + 1
            ));
        }
    }
    diagnostic.help = Some(
        match scope {
            Scope::Line => "remove it, or move it to the line the diagnostic starts on: a stale suppression would hide the next real mistake of that kind",
            Scope::File => "remove it: a stale suppression would hide the next real mistake of that kind",
        }
        .to_string(),
    );
    diagnostic
}

/// "`FDL201` (goto-target-missing)" or "`goto-target-missing` (FDL201)", as written.
fn describe(word: &str, rule: &Rule) -> String {
    if word.eq_ignore_ascii_case(rule.code) {
        format!("`{word}` ({})", rule.name)
    } else {
        format!("`{word}` ({})", rule.code)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    Line,
    File,
}

/// One suppression comment.
struct Directive<'t> {
    /// `None` for a word that starts like a suppression but is none (`fdl-ignore-next-line`).
    scope: Option<Scope>,
    keyword: Span,
    keyword_text: &'t str,
    /// What deleting the whole suppression removes: its line, or the comment from the
    /// white space before it.
    removal: Span,
    /// Where the suppression's `#` is.
    hash: usize,
    /// 0-based line of the comment.
    line: u32,
    own_line: bool,
    items: Vec<Item<'t>>,
    /// The first word of a reason written without ` -- `, if any.
    reason_start: Option<&'t str>,
    /// A rule named inside such a reason.
    stray: Option<Stray<'t>>,
    /// For line suppressions: the line covered (0-based), if there is one.
    target: Option<u32>,
}

struct Item<'t> {
    span: Span,
    word: &'t str,
    status: Status,
}

/// A word that names (or looks like) a rule but comes after the reason began.
struct Stray<'t> {
    span: Span,
    word: &'t str,
    reason_start: &'t str,
}

enum Status {
    Rule {
        rule: &'static Rule,
        used: bool,
    },
    Unknown,
    Unsuppressible(&'static Rule),
    /// Named earlier in the same comment.
    Repeated(&'static Rule),
}

/// What separates rules: commas and semicolons (ASCII, fullwidth or ideographic) and any
/// white space, the ideographic space included.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '，' | ';' | '；' | '、')
}

/// `FDL` and letters or digits, with a digit: a code, maybe misspelt (`FDL2O1`).
fn looks_like_code(word: &str) -> bool {
    let Some(rest) = word
        .get(3..)
        .filter(|_| word[..3].eq_ignore_ascii_case("fdl"))
    else {
        return false;
    };
    rest.starts_with(|c: char| c.is_ascii_alphanumeric())
        && rest.contains(|c: char| c.is_ascii_digit())
}

/// A kebab-case word that is a rule's name or close to one (`unknown-service-params`); other
/// words (`because`, `param`, `e-mail`) begin the reason.
fn looks_like_rule(word: &str) -> bool {
    find_rule(word).is_some()
        || looks_like_code(word)
        || word.contains('-')
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && did_you_mean(word, crate::RULES.iter().map(|r| r.name)).is_some()
}

fn contains_ignore_case(text: &str, word: &str) -> bool {
    text.to_ascii_lowercase().contains(word)
}

impl<'t> Directive<'t> {
    /// The suppression in a comment, if it holds one: at its start, or after a later `#`
    /// (`# why # fdl-ignore: FDL201`). The keyword may be in any letter case and follow
    /// several `#`s (`## FDL-IGNORE: FDL201`).
    fn parse(text: &'t str, comment: &Comment) -> Option<Directive<'t>> {
        let body = text.get(comment.span.range())?;
        let (hash, keyword_start) = body
            .match_indices('#')
            .map(|(i, _)| i)
            .filter(|&i| i == 0 || body[..i].ends_with(char::is_whitespace))
            .find_map(|i| {
                let after = body[i..].trim_start_matches(|c: char| c == '#' || c.is_whitespace());
                let start = body.len() - after.len();
                after
                    .get(..LINE_KEYWORD.len())
                    .is_some_and(|k| k.eq_ignore_ascii_case(LINE_KEYWORD))
                    .then_some((i, start))
            })?;
        let keyword_len = body[keyword_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len() - keyword_start);
        let keyword_text = &body[keyword_start..keyword_start + keyword_len];
        let scope = if keyword_text.eq_ignore_ascii_case(LINE_KEYWORD) {
            Some(Scope::Line)
        } else if keyword_text.eq_ignore_ascii_case(FILE_KEYWORD) {
            Some(Scope::File)
        } else {
            None
        };
        let base = comment.span.start;
        let mut rest_start = keyword_start + keyword_len;
        rest_start += body[rest_start..].len() - body[rest_start..].trim_start().len();
        for colon in [':', '：'] {
            if body[rest_start..].starts_with(colon) {
                rest_start += colon.len_utf8();
                break;
            }
        }
        let rest = &body[rest_start..];
        // The rules are the leading words that look like rules; the reason follows ` -- `, or
        // begins at the first other word.
        let codes = rest.find("--").map_or(rest, |i| &rest[..i]);
        let mut items: Vec<Item> = Vec::new();
        let mut reason_start = None;
        let mut stray = None;
        if scope.is_some() {
            let mut words = Vec::new();
            let mut start = None;
            for (i, c) in codes.char_indices().chain([(codes.len(), ' ')]) {
                match (start, is_separator(c)) {
                    (None, false) => start = Some(i),
                    (Some(s), true) => {
                        words.push((s, &codes[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            for (at, word) in words {
                let span = Span::new(base + rest_start + at, base + rest_start + at + word.len());
                if let Some(first) = reason_start {
                    if looks_like_rule(word) {
                        stray = Some(Stray {
                            span,
                            word,
                            reason_start: first,
                        });
                        break;
                    }
                    continue;
                }
                let status = match find_rule(word) {
                    None if looks_like_rule(word) => Status::Unknown,
                    None => {
                        reason_start = Some(word);
                        continue;
                    }
                    Some(rule)
                        if UNREADABLE_TEXT_RULES.contains(&rule.code)
                            || rule.code == INVALID
                            || rule.code == UNUSED =>
                    {
                        Status::Unsuppressible(rule)
                    }
                    Some(rule)
                        if items.iter().any(|it| {
                            matches!(it.status, Status::Rule { rule: r, .. } if r.code == rule.code)
                        }) =>
                    {
                        Status::Repeated(rule)
                    }
                    Some(rule) => Status::Rule { rule, used: false },
                };
                items.push(Item { span, word, status });
            }
        }
        let hash_at = base + hash;
        let removal = if hash == 0 && comment.own_line {
            whole_line(text, hash_at, comment.span.end)
        } else {
            let before = text[..hash_at].trim_end_matches([' ', '\t']).len();
            Span::new(before, comment.span.end)
        };
        Some(Directive {
            scope,
            keyword: Span::new(base + keyword_start, base + keyword_start + keyword_len),
            keyword_text,
            removal,
            hash: hash_at,
            line: 0,
            own_line: comment.own_line,
            items,
            reason_start,
            stray,
            target: None,
        })
    }

    fn remove_all(&self) -> Fix {
        Fix {
            message: "remove the suppression comment".to_string(),
            edits: vec![Edit {
                span: self.removal,
                replacement: String::new(),
            }],
            safe: false,
        }
    }

    /// The fix that removes entry `i`, given which entries are reported (`flagged`): the
    /// whole comment when all are, else the entry with one separator next to it, chosen so
    /// that the fixes of one comment never overlap and may be applied together.
    fn remove_item(&self, i: usize, flagged: &[bool]) -> Fix {
        if flagged.iter().all(|&f| f) {
            return self.remove_all();
        }
        let items = &self.items;
        let span = if flagged[..=i].iter().all(|&f| f) {
            // A run of removed entries from the first: take the separator after each.
            Span::new(items[i].span.start, items[i + 1].span.start)
        } else {
            // Else the separator before it (an entry before it stays).
            Span::new(items[i - 1].span.end, items[i].span.end)
        };
        Fix {
            message: format!("remove `{}` from the comment", items[i].word),
            edits: vec![Edit {
                span,
                replacement: String::new(),
            }],
            safe: false,
        }
    }
}

/// The span of the line holding `start..end`, with its line break (or, on the last line,
/// the line break before it), so that removing it leaves no empty line.
fn whole_line(text: &str, start: usize, end: usize) -> Span {
    let mut line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if line_start == 0 && text.starts_with('\u{feff}') {
        line_start = 3;
    }
    match text[end..].find('\n') {
        Some(i) => Span::new(line_start, end + i + 1),
        None => {
            let before = text[..line_start]
                .strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t));
            Span::new(before.map_or(line_start, str::len), text.len())
        }
    }
}

/// A node that a suppression reaches from a line other than the one a diagnostic starts on.
struct Region {
    span: Span,
    /// The lines from which a suppression covers it.
    lines: Vec<u32>,
    /// Cover only diagnostics whose span lies within `span` (a step's `name` value, reached
    /// from the item's first line), rather than every diagnostic starting inside.
    whole: bool,
}

impl Region {
    fn covers(&self, diagnostic: Span) -> bool {
        if self.whole {
            self.span.start <= diagnostic.start && diagnostic.end <= self.span.end
        } else {
            // An empty diagnostic at the very end ("expected a value after `>`") is inside.
            self.span.start <= diagnostic.start
                && (diagnostic.start < self.span.end
                    || diagnostic.start == self.span.end && diagnostic.is_empty())
        }
    }
}

/// Lines of the file.
struct Lines<'t> {
    text: &'t str,
    index: LineIndex,
    /// Starts of comments alone on their line.
    own_line_comments: HashSet<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str, parsed: &Parsed) -> Lines<'t> {
        Lines {
            text,
            index: LineIndex::new(text),
            own_line_comments: parsed
                .comments
                .iter()
                .filter(|c| c.own_line)
                .map(|c| c.span.start)
                .collect(),
        }
    }

    /// The line a suppression on `line` covers: that line for a comment at the end of a line,
    /// else the next line that is neither blank nor only a comment. `below`: the nearest
    /// own-line suppression further down and its target, which this one shares when only
    /// blank and comment lines lie between.
    fn target(&self, line: u32, own_line: bool, below: Option<(u32, Option<u32>)>) -> Option<u32> {
        if !own_line {
            return Some(line);
        }
        for l in line + 1..self.index.line_count() as u32 {
            if let Some((below_line, target)) = below
                && below_line == l
            {
                return target;
            }
            let Some(span) = self.index.line_span(l) else {
                continue;
            };
            let content = &self.text[span.range()];
            let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
            if indent < content.len() && !self.own_line_comments.contains(&(span.start + indent)) {
                return Some(l);
            }
        }
        None
    }

    fn line(&self, at: usize) -> u32 {
        self.index.position(at).line
    }

    /// The nodes a suppression reaches beyond the line a diagnostic starts on:
    /// - a scalar, flow list or flow mapping over several lines, from the line it starts on
    ///   and the line it ends on (a comment after its `]` covers it whole);
    /// - a scalar or flow collection written on a line after its key, from the key's line;
    /// - the key of a scalar or flow collection that ends on a later line, from that line;
    /// - the `name` value of a list item (a step), from the item's first line, for the
    ///   diagnostics about the step as a whole that point at its name.
    fn regions(&self, parsed: &Parsed) -> Vec<Region> {
        let mut regions = Vec::new();
        let Some(root) = &parsed.root else {
            return regions;
        };
        let text = self.text;
        // Scalars and flow collections: nothing inside can hold a comment for one line only.
        let is_leaf_like = |node: &Node| match node.kind {
            NodeKind::Scalar(_) => true,
            NodeKind::Mapping(_) | NodeKind::Sequence(_) => text
                .get(node.span.range())
                .is_some_and(|s| s.starts_with(['[', '{'])),
            NodeKind::Error => false,
        };
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            // An alias's span is its `*name`; what it expands to was written elsewhere.
            if node.alias_of.is_some() {
                continue;
            }
            let Some(written) = text.get(node.span.range()) else {
                continue;
            };
            if is_leaf_like(node) && written.contains('\n') {
                let first = self.line(node.span.start);
                let last = self.line(node.span.end.saturating_sub(1).max(node.span.start));
                regions.push(Region {
                    span: node.span,
                    lines: vec![first, last],
                    whole: false,
                });
            }
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    for entry in entries {
                        let key_line = self.line(entry.key.span.start);
                        if entry.value.alias_of.is_none()
                            && is_leaf_like(&entry.value)
                            && self.line(entry.value.span.start) > key_line
                        {
                            regions.push(Region {
                                span: entry.value.span,
                                lines: vec![key_line],
                                whole: false,
                            });
                        }
                        // `key: [` ... `]  # fdl-ignore: ...`: the comment after the value
                        // also covers its key (FDL102 on an unknown key), as it did when the
                        // entry was on one line, before `fdl fmt` split a long list.
                        let value_end = entry.value.span.end.saturating_sub(1);
                        if entry.value.alias_of.is_none()
                            && is_leaf_like(&entry.value)
                            && value_end > entry.key.span.start
                            && self.line(value_end) > key_line
                        {
                            regions.push(Region {
                                span: entry.key.span,
                                lines: vec![self.line(value_end)],
                                whole: false,
                            });
                        }
                        stack.push(&entry.key);
                        stack.push(&entry.value);
                    }
                }
                NodeKind::Sequence(items) => {
                    for item in items {
                        if item.alias_of.is_none()
                            && let Some(name) = item.get("name")
                            && matches!(name.kind, NodeKind::Scalar(_))
                        {
                            let first = self.line(self.dash(item.span.start));
                            if first != self.line(name.span.start) {
                                regions.push(Region {
                                    span: name.span,
                                    lines: vec![first],
                                    whole: true,
                                });
                            }
                        }
                        stack.push(item);
                    }
                }
                _ => {}
            }
        }
        regions
    }

    /// The `-` that introduces a block list item starting at `at` (on an earlier line when the
    /// item begins below its `-`), or `at` itself.
    fn dash(&self, at: usize) -> usize {
        let before = self.text[..at].trim_end_matches([' ', '\t', '\r', '\n']);
        if before.ends_with('-') {
            before.len() - 1
        } else {
            at
        }
    }
}
