//! Reusing the diagnostics of top-level steps whose text did not change, so that after an edit
//! in an editor only the edited step's rules run again.
//!
//! Why a step's diagnostics are a function of its text: when the parse read every byte (no
//! `Invalid` error, nothing skipped, no alias or depth limit hit), a top-level step is a block
//! mapping whose first key stands on the line of its `- `. Its nodes are then decided by the
//! characters of its span and its column, and nothing before or after it: the block ends
//! where its indentation does, and an item that kept its text and column kept its extent. So
//! the cache key is the step's *extent*: from the start of the line of its first key (the
//! `  - ` that gives the column) to the end of the line where it ends (the rules read up to
//! there to offer removing a last entry). The step part of the rules (see `parts`) reads only
//! its nodes and the text of that extent, with three exceptions, each of which keeps a part
//! out of the cache: an alias or `<<` merge, whose nodes come from elsewhere; a step whose
//! mapping carries a tag (written before the extent); and FDL201, whose labels name steps
//! anywhere in the flow (and whose absence of labels would go stale).
//!
//! The flow part runs on a model of the flow level alone (`fdl_model::build_top_level`), and
//! each step checked again on a model of that step (`fdl_model::build_step`): together they
//! are the whole model, which an edit therefore never rebuilds. FDL201 lists the steps nested
//! anywhere: the cache keeps their names.

use std::sync::Arc;

use fdl_model::Step;
use fdl_syntax::{Parsed, Span, SyntaxErrorKind};

use crate::context::Checker;
use crate::fast_hash::FastMap;
use crate::rules::control::{self, Everywhere};
use crate::{Diagnostic, RuleLevels, parts, rules, suppress};

/// What a check of one version of a document leaves for checking the next version: the
/// diagnostics of each top-level step, keyed by the step's exact text.
#[derive(Default)]
pub struct CheckCache {
    /// By `hash` of the extent. Two extents with the same hash (never seen in practice) share
    /// a slot: the second is then simply not cached.
    steps: FastMap<u64, Arc<CachedStep>>,
    reused: usize,
    checked: usize,
}

impl CheckCache {
    /// How many top-level steps the last check took from the cache, and how many it checked.
    pub fn reused(&self) -> usize {
        self.reused
    }

    pub fn checked(&self) -> usize {
        self.checked
    }

    /// The entry for `extent` (with the step at `span` inside it), when cached.
    fn find(&self, hash: u64, extent: &str, span: Span) -> Option<&Arc<CachedStep>> {
        self.steps
            .get(&hash)
            .filter(|c| c.span == span && &*c.text == extent)
    }

    fn insert(&mut self, hash: u64, entry: Arc<CachedStep>) {
        self.steps.entry(hash).or_insert(entry);
    }
}

/// The raw diagnostics (before suppressions and levels) of one top-level step, with every
/// span relative to the start of its extent.
struct CachedStep {
    text: Box<str>,
    /// The step's span in the extent.
    span: Span,
    diagnostics: Vec<Diagnostic>,
    /// The names of the steps nested in the step (see `control::nested_names`), for the
    /// labels of FDL201 in other steps.
    names: Vec<(Box<str>, Span)>,
}

/// `check_parsed_with`, reusing from `previous` the diagnostics of top-level steps whose text
/// is unchanged (at any offset). Returns exactly what `check_parsed_with(text, parsed, levels)`
/// returns, and the cache for the next version.
pub fn check_parsed_cached(
    text: &str,
    parsed: &Parsed,
    levels: &RuleLevels,
    previous: CheckCache,
) -> (Vec<Diagnostic>, CheckCache) {
    let mut next = CheckCache::default();
    let mut cx = Checker::new(text);
    rules::yaml::syntax_errors(&mut cx, parsed);
    let mut rules_ran = false;
    let mut diagnostics;
    let mut reusable = false;
    if rules::yaml::root_is_mapping(&mut cx, parsed)
        && let Some(root) = &parsed.root
        && !rules::yaml::cloudflow(&mut cx, root)
    {
        let top = fdl_model::build_top_level(root);
        let steps = top.steps.as_ref().map_or(&[][..], |l| &l.steps[..]);
        // Only a parse that read everything, and steps in a block list, are worth keying.
        reusable = reads_everything(parsed)
            && top
                .steps
                .as_ref()
                .is_some_and(|l| text.as_bytes().get(l.node.span.start) == Some(&b'-'));
        let keys: Vec<Option<Key>> = steps
            .iter()
            .map(|step| {
                let extent = extent(text, step.node.span).filter(|_| reusable)?;
                let span = Span::new(
                    step.node.span.start - extent.start,
                    step.node.span.end - extent.start,
                );
                let hash = hash(&text[extent.range()], span);
                let found = previous.find(hash, &text[extent.range()], span).cloned();
                Some(Key {
                    extent,
                    span,
                    hash,
                    found,
                })
            })
            .collect();
        // The top-level names, then those nested in each step: from the cache, or from a
        // model of the step. Only needed for the labels of an FDL201.
        let everywhere = Everywhere::new(Box::new(|add: &mut dyn FnMut(&str, Span)| {
            for s in steps {
                if let (Some(name), Some(node)) = (s.name_text(), s.name) {
                    add(name, node.span);
                }
            }
            for (s, key) in steps.iter().zip(&keys) {
                match key {
                    Some(Key {
                        extent,
                        found: Some(entry),
                        ..
                    }) => {
                        for (name, span) in &entry.names {
                            add(
                                name,
                                Span::new(span.start + extent.start, span.end + extent.start),
                            );
                        }
                    }
                    _ => {
                        if let Some((model, _)) = fdl_model::build_step(s.node) {
                            control::nested_names(&model, add);
                        }
                    }
                }
            }
        }));
        parts::flow_part(&mut cx, &top, &everywhere);
        diagnostics = std::mem::take(&mut cx.diagnostics);
        for (step, key) in steps.iter().zip(&keys) {
            if let Some(Key {
                extent,
                hash,
                found: Some(entry),
                ..
            }) = key
            {
                diagnostics.extend(
                    entry
                        .diagnostics
                        .iter()
                        .map(|d| shifted(d, extent.start, true)),
                );
                next.insert(*hash, entry.clone());
                next.reused += 1;
                continue;
            }
            next.checked += 1;
            // Never `None`: the top-level steps are mappings.
            let Some((model, objects)) = fdl_model::build_step(step.node) else {
                continue;
            };
            parts::step_part(&mut cx, &model, &objects, &everywhere);
            let part = std::mem::take(&mut cx.diagnostics);
            // What the cache keeps: the diagnostics and nested names, from the extent on.
            let kept = key
                .as_ref()
                .filter(|k| self_contained(&model, &part, k.extent))
                .map(|k| {
                    let back =
                        |s: Span| Span::new(s.start - k.extent.start, s.end - k.extent.start);
                    let mut names = Vec::new();
                    control::nested_names(&model, &mut |name, span| {
                        names.push((Box::from(name), back(span)));
                    });
                    CachedStep {
                        text: text[k.extent.range()].into(),
                        span: k.span,
                        diagnostics: part
                            .iter()
                            .map(|d| shifted(d, k.extent.start, false))
                            .collect(),
                        names,
                    }
                });
            if let (Some(entry), Some(k)) = (kept, key) {
                next.insert(k.hash, Arc::new(entry));
            }
            diagnostics.extend(part);
        }
        rules_ran = true;
    } else {
        diagnostics = std::mem::take(&mut cx.diagnostics);
    }
    // While the text does not parse cleanly (a quote just opened), keep the last clean
    // version's steps for when it does again.
    if !reusable {
        next.steps = previous.steps;
    }
    sort(&mut diagnostics);
    diagnostics.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
    // Only what was read and checked in full can tell that a suppression is unused: nothing
    // when YAML could not be read or the rules did not run, and nothing from a second
    // document on (only the first is checked).
    use SyntaxErrorKind::*;
    let judged_before = if !rules_ran
        || parsed
            .errors
            .iter()
            .any(|e| matches!(e.kind, Invalid | AliasLimit | TooDeep))
    {
        0
    } else {
        parsed
            .errors
            .iter()
            .filter(|e| e.kind == MultipleDocuments)
            .map(|e| e.span.start)
            .min()
            .unwrap_or(usize::MAX)
    };
    let added = suppress::apply(text, parsed, &mut diagnostics, judged_before);
    levels.apply(&mut diagnostics);
    if added {
        sort(&mut diagnostics);
    }
    (diagnostics, next)
}

/// By position, then code, then message: a total order on what dedup compares, so the order
/// in which the parts were joined cannot change the output.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
}

/// Where a top-level step stands and what the cache holds for it.
struct Key {
    extent: Span,
    /// The step's span in the extent.
    span: Span,
    hash: u64,
    found: Option<Arc<CachedStep>>,
}

/// True when the parse read every byte of the text into nodes.
fn reads_everything(parsed: &Parsed) -> bool {
    use SyntaxErrorKind::*;
    parsed.skipped.is_empty()
        && !parsed
            .errors
            .iter()
            .any(|e| matches!(e.kind, Invalid | AliasLimit | TooDeep))
}

/// The step's extent (see the module doc), when its line starts with spaces, `-` and spaces
/// only: a block list item whose first key is on the line of its dash.
fn extent(text: &str, span: Span) -> Option<Span> {
    // Only spaces and a dash may stand before the step on its line: scanning back over just
    // those (not to the line's start) keeps a flow written on one long line linear.
    let before = text.get(..span.start)?;
    let start = span.start
        - before
            .bytes()
            .rev()
            .take_while(|&b| b == b' ' || b == b'-')
            .count();
    if start > 0 && text.as_bytes()[start - 1] != b'\n' {
        return None;
    }
    let prefix = text[start..span.start].trim_start_matches(' ');
    let after_dash = prefix.strip_prefix('-')?;
    if after_dash.is_empty() || !after_dash.bytes().all(|b| b == b' ') {
        return None;
    }
    let end = text
        .get(span.end..)?
        .find('\n')
        .map_or(text.len(), |i| span.end + i + 1);
    Some(Span::new(start, end))
}

/// True when the step's diagnostics depend on its extent alone: no node of the step came from
/// elsewhere (alias, merge), its mapping has no tag, no FDL201 (whose labels name steps
/// anywhere), and every span reported lies in the extent.
fn self_contained(step: &Step, part: &[Diagnostic], extent: Span) -> bool {
    let inside = |s: Span| extent.start <= s.start && s.end <= extent.end;
    if step.node.tag.is_some() || part.iter().any(|d| d.code == "FDL201") {
        return false;
    }
    let spans_inside = part.iter().all(|d| {
        inside(d.span)
            && d.labels.iter().all(|l| inside(l.span))
            && d.fixes
                .iter()
                .all(|f| f.edits.iter().all(|e| inside(e.span)))
    });
    if !spans_inside {
        return false;
    }
    let mut own = true;
    let span = step.node.span;
    step.node.walk(|n| {
        own &= n.alias_of.is_none() && span.start <= n.span.start && n.span.end <= span.end;
    });
    own
}

/// `d` with every span moved by `by` bytes: forward when `forward`, else back.
fn shifted(d: &Diagnostic, by: usize, forward: bool) -> Diagnostic {
    let mv = |s: Span| {
        if forward {
            Span::new(s.start + by, s.end + by)
        } else {
            Span::new(s.start - by, s.end - by)
        }
    };
    let mut d = d.clone();
    d.span = mv(d.span);
    for label in &mut d.labels {
        label.span = mv(label.span);
    }
    for edit in d.fixes.iter_mut().flat_map(|f| &mut f.edits) {
        edit.span = mv(edit.span);
    }
    d
}

/// A fast hash of an extent and the step's place in it (the text is compared in full on a
/// hit, so collisions only cost a miss).
fn hash(text: &str, span: Span) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |h: u64, v: u64| (h ^ v).wrapping_mul(K).rotate_left(31);
    let mut h = mix(mix(text.len() as u64, span.start as u64), span.end as u64);
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().expect("8 bytes")));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    mix(h, u64::from_le_bytes(tail))
}
