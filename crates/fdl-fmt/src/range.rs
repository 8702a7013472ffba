//! Range formatting: reformat only the steps a range touches (or, outside steps, the entries of
//! the smallest block that holds the range), leaving the rest of the text as it is.

use std::collections::HashSet;
use std::ops::Range;

use fdl_model::Context;
use fdl_syntax::{Node, NodeKind, Parsed};

use crate::layout::{Id, Layout, Slot, id, is_block_coll, own_entries};
use crate::print::Printer;
use crate::source::{Source, newline_of};
use crate::{FormatError, Options, Replacement, check_output, check_syntax, contexts};

pub(crate) fn format_range(
    text: &str,
    range: Range<usize>,
    options: &Options,
) -> Result<Option<Replacement>, FormatError> {
    let parsed = fdl_syntax::parse(text);
    check_syntax(&parsed)?;
    if crate::without_lone_cr(text).is_some() {
        // A lone `\r` becomes the file's line break, which moves every offset after it: the
        // whole document is formatted.
        let out = crate::format(text, options)?;
        return Ok((out != text).then_some(Replacement {
            range: 0..text.len(),
            text: out,
        }));
    }
    let range = clamp(text, range);
    let Some((rep, items_len)) = replacement(text, &parsed, range, options)? else {
        return Ok(None);
    };
    if rep.range == (0..text.len()) {
        // The whole document: `format` guards it.
        let out = crate::format(text, options)?;
        return Ok((out != text).then_some(Replacement {
            range: 0..text.len(),
            text: out,
        }));
    }
    // The guard: the new document is valid, holds the same data and comments, and the same
    // range formats to itself.
    let mut new = String::with_capacity(text.len() + rep.text.len());
    new.push_str(&text[..rep.range.start]);
    new.push_str(&rep.text);
    new.push_str(&text[rep.range.end..]);
    let again = fdl_syntax::parse(&new);
    check_output(&parsed, &again, &new, options)?;
    let printed = rep.range.start..rep.range.start + items_len;
    if replacement(&new, &again, printed, options)?.is_some() {
        return Err(FormatError::Guard(
            "formatting the same range again changes it".to_string(),
        ));
    }
    Ok(Some(rep))
}

/// The range within the text, on character boundaries.
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let floor = |mut p: usize| {
        p = p.min(text.len());
        while !text.is_char_boundary(p) {
            p -= 1;
        }
        p
    };
    let start = floor(range.start);
    let end = floor(range.end.max(range.start)).max(start);
    start..end
}

/// The replacement for `range` without the guard, with the length of the part of its text
/// that prints the items the range touches; the whole text (`0..len`) when that is the whole
/// document. `None` when nothing changes.
fn replacement(
    text: &str,
    parsed: &Parsed,
    range: Range<usize>,
    options: &Options,
) -> Result<Option<(Replacement, usize)>, FormatError> {
    let whole = || {
        let out = crate::print_document(text, parsed, options)?;
        let len = out.len();
        Ok((out != text).then_some((
            Replacement {
                range: 0..text.len(),
                text: out,
            },
            len,
        )))
    };
    let Some(root) = &parsed.root else {
        return whole();
    };
    let src = Source::new(text);
    let ctx = contexts(Some(root), options);
    let lay = Layout::new(&src, parsed, &ctx, options.reorder_keys);
    let steps = step_mappings(root);
    let Some((node, first, last, path)) = unit(&lay, root, &steps, range) else {
        return whole();
    };
    let all = lay.colls.get(&id(node)).map_or(0, |c| c.items.len());
    if id(node) == id(root) && first == 0 && last + 1 == all {
        return whole();
    }
    let printer = Printer::new(&lay, newline_of(text), options.line_width);
    let Some((out, region, items_len)) = printer.items(node, first, last) else {
        return whole();
    };
    if text[region.clone()] == out {
        return Ok(None);
    }
    // Text that a `fdl-fmt: off` of an enclosing block protects is left alone.
    let lines = (src.line_of(region.start), src.line_of(region.end));
    let protected = path.iter().any(|&cid| {
        lay.off_lines(cid)
            .iter()
            .any(|&(a, b)| a <= lines.1 && lines.0 <= b)
    });
    if protected {
        return Ok(None);
    }
    Ok(Some((
        Replacement {
            range: region,
            text: out,
        },
        items_len,
    )))
}

/// Every mapping the model reads as a step.
fn step_mappings(root: &Node) -> HashSet<Id> {
    fdl_model::build(root)
        .objects
        .iter()
        .filter(|o| matches!(o.context, Context::Step(_) | Context::UnknownStep))
        .map(|o| id(o.node))
        .collect()
}

/// The block collection and the items (first and last, in source order) to format for
/// `range`: the steps it touches in the deepest list of steps on the way down, else the
/// touched entries of the deepest block that holds it; with the blocks from the root down to
/// it. `None` for the whole document.
fn unit<'n>(
    lay: &Layout<'_>,
    root: &'n Node,
    steps: &HashSet<Id>,
    range: Range<usize>,
) -> Option<(&'n Node, usize, usize, Vec<Id>)> {
    let mut node = root;
    let mut in_steps = None;
    let mut deepest = None;
    let mut path = Vec::new();
    while is_block_coll(lay.src.text, node) {
        let cid = id(node);
        path.push(cid);
        let coll = lay.colls.get(&cid)?;
        if coll.exotic {
            break;
        }
        let touched: Vec<usize> = (0..coll.items.len())
            .filter(|&i| {
                let item = &coll.items[i];
                let lead = lay
                    .slot(Slot::Before(cid, i))
                    .first()
                    .map_or(item.start, |&c| lay.comments[c].span.start.min(item.start));
                if range.is_empty() {
                    lead <= range.start && range.start <= item.end
                } else {
                    lead < range.end && range.start < item.end
                }
            })
            .collect();
        let (Some(&first), Some(&last)) = (touched.first(), touched.last()) else {
            break;
        };
        deepest = Some((node, first, last, path.len()));
        let children: Vec<&'n Node> = match &node.kind {
            NodeKind::Mapping(entries) => own_entries(node, entries)
                .iter()
                .map(|e| &e.value)
                .collect(),
            NodeKind::Sequence(items) => items.iter().collect(),
            _ => break,
        };
        if matches!(node.kind, NodeKind::Sequence(_))
            && children[first..=last]
                .iter()
                .all(|c| steps.contains(&id(c)))
        {
            in_steps = Some((node, first, last, path.len()));
        }
        if first != last {
            break;
        }
        node = children[first];
    }
    let (node, first, last, depth) = in_steps.or(deepest)?;
    path.truncate(depth);
    Some((node, first, last, path))
}
