//! Arena to `Node` tree: expands aliases and applies `<<` merge keys within a node budget, and
//! cuts collections nested deeper than `MAX_DEPTH`. Iterative, so neither deep input nor deep
//! expansions touch the call stack.

use std::collections::{HashMap, HashSet};

use crate::build::{RawKind, RawNode, is_merge_key};
use crate::{
    ALIAS_EXPANSION_FACTOR, Entry, MAX_ALIAS_NODES, MAX_DEPTH, Node, NodeKind, Scalar, Span,
    SyntaxError, SyntaxErrorKind,
};

enum Task {
    Visit {
        idx: usize,
        /// Depth of the parent collection (0 for the root).
        depth: usize,
        /// The `*alias` token span when this visit expands an alias.
        alias: Option<Span>,
        /// Inside an alias expansion or merge whose whole size was already charged to the
        /// budget.
        charged: bool,
    },
    Finish {
        idx: usize,
        len: usize,
        alias: Option<Span>,
    },
}

pub(crate) struct Limits {
    pub alias_reported: bool,
    pub depth_reported: bool,
}

/// The most nodes alias expansion and merging may add to a document of `source_nodes` nodes.
/// Proportional to the input, so a large flow that reuses an anchor in every step is read in
/// full, while the output of an alias bomb stays a fixed multiple of its input.
fn alias_budget(source_nodes: usize) -> u64 {
    MAX_ALIAS_NODES.max(source_nodes.saturating_mul(ALIAS_EXPANSION_FACTOR)) as u64
}

/// `(key, value)` arena indices that a mapping gets from its `<<` merge keys, by arena index of
/// the mapping.
type Merges = HashMap<usize, Vec<(usize, usize)>>;

/// Builds the tree of the node at `root`. Scalar values are moved out of the arena when no
/// alias or merge can need them again. `merge_maps` lists the mappings with a `<<` key, in
/// increasing order.
pub(crate) fn convert(
    arena: &mut [RawNode],
    root: usize,
    merge_maps: &[usize],
    limits: &mut Limits,
    errors: &mut Vec<SyntaxError>,
) -> Option<Node> {
    // Nodes of the first document are the arena up to its root.
    let budget = alias_budget(root + 1);
    let merges = resolve_merges(arena, root, merge_maps, budget, limits, errors);
    let mut tasks = vec![Task::Visit {
        idx: root,
        depth: 0,
        alias: None,
        charged: false,
    }];
    let mut out: Vec<Node> = Vec::new();
    let mut used: u64 = 0;
    let reusable = !merges.is_empty() || arena.iter().any(|n| matches!(n.kind, RawKind::Alias(_)));
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit {
                idx,
                depth,
                alias,
                charged,
            } => {
                if !reusable && let RawKind::Scalar(s) = &mut arena[idx].kind {
                    let scalar = Scalar {
                        value: std::mem::take(&mut s.value),
                        style: s.style,
                    };
                    out.push(make(&arena[idx], alias, NodeKind::Scalar(scalar)));
                    continue;
                }
                let raw = &arena[idx];
                match &raw.kind {
                    RawKind::Alias(target) => {
                        let target = *target;
                        if !charged {
                            let need = arena[target].size;
                            if used.saturating_add(need) > budget {
                                if !limits.alias_reported {
                                    limits.alias_reported = true;
                                    errors.push(SyntaxError {
                                        kind: SyntaxErrorKind::AliasLimit,
                                        span: raw.span,
                                        message: format!(
                                            "aliases expand to too many nodes (more than \
                                             {budget}); this alias and the ones after it are \
                                             not expanded"
                                        ),
                                    });
                                }
                                let mut node = Node::new(raw.span, NodeKind::Error);
                                node.alias_of = Some(arena[target].span);
                                out.push(node);
                                continue;
                            }
                            used += need;
                        }
                        tasks.push(Task::Visit {
                            idx: target,
                            depth,
                            alias: Some(raw.span),
                            charged: true,
                        });
                    }
                    RawKind::Scalar(s) => out.push(make(raw, alias, NodeKind::Scalar(s.clone()))),
                    RawKind::Error { alias_of } => {
                        let mut node = make(raw, alias, NodeKind::Error);
                        if alias_of.is_some() {
                            node.alias_of = *alias_of;
                        }
                        out.push(node);
                    }
                    RawKind::Seq(children) | RawKind::Map(children) => {
                        let depth = depth + 1;
                        if depth > MAX_DEPTH {
                            if !limits.depth_reported {
                                limits.depth_reported = true;
                                errors.push(too_deep(alias.unwrap_or(raw.span)));
                            }
                            out.push(make(raw, alias, NodeKind::Error));
                            continue;
                        }
                        let mut merged: &[(usize, usize)] = if merges.is_empty() {
                            &[]
                        } else {
                            merges.get(&idx).map_or(&[], Vec::as_slice)
                        };
                        if !merged.is_empty() && !charged {
                            // The merged entries are copies, like an alias expansion: an
                            // expansion of this mapping was charged for them already.
                            let need = merged.iter().fold(0u64, |acc, &(k, v)| {
                                acc.saturating_add(arena[k].size)
                                    .saturating_add(arena[v].size)
                            });
                            if used.saturating_add(need) > budget {
                                if !limits.alias_reported {
                                    limits.alias_reported = true;
                                    errors.push(merge_limit(arena, children, budget));
                                }
                                merged = &[];
                            } else {
                                used += need;
                            }
                        }
                        tasks.push(Task::Finish {
                            idx,
                            len: children.len() + 2 * merged.len(),
                            alias,
                        });
                        for &(k, v) in merged.iter().rev() {
                            for c in [v, k] {
                                tasks.push(Task::Visit {
                                    idx: c,
                                    depth,
                                    alias: None,
                                    charged: true,
                                });
                            }
                        }
                        for &c in children.iter().rev() {
                            tasks.push(Task::Visit {
                                idx: c,
                                depth,
                                alias: None,
                                charged,
                            });
                        }
                    }
                }
            }
            Task::Finish { idx, len, alias } => {
                let raw = &arena[idx];
                let items = out.split_off(out.len().saturating_sub(len));
                let kind = match raw.kind {
                    RawKind::Map(_) => {
                        let mut entries = Vec::with_capacity(items.len() / 2);
                        let mut it = items.into_iter();
                        while let (Some(key), Some(value)) = (it.next(), it.next()) {
                            entries.push(Entry { key, value });
                        }
                        NodeKind::Mapping(entries)
                    }
                    _ => NodeKind::Sequence(items),
                };
                out.push(make(raw, alias, kind));
            }
        }
    }
    out.pop()
}

/// Works out the entries each mapping of `merge_maps` gets from its `<<` keys, as YAML 1.1 and
/// the service's loader merge them: the value of `<<` is a mapping, an alias of one, or a list
/// of those; a key is taken from the first merged mapping that has it, and only when the
/// mapping does not set it itself. A merged mapping brings its own merged entries too.
///
/// One pass in arena order (sources always come before the mappings that merge them), which
/// also adds the merged nodes to the `size` of every node above them, so that aliases of a
/// merging mapping are charged in full. The entries kept in all are bounded by `budget`.
fn resolve_merges(
    arena: &mut [RawNode],
    root: usize,
    merge_maps: &[usize],
    budget: u64,
    limits: &mut Limits,
    errors: &mut Vec<SyntaxError>,
) -> Merges {
    let mut merges = Merges::new();
    let Some(&first) = merge_maps.first() else {
        return merges;
    };
    let mut pending = merge_maps.iter().copied().peekable();
    let mut stored: u64 = 0;
    for idx in first..=root.min(arena.len().saturating_sub(1)) {
        let mut added = 0u64;
        if pending.next_if_eq(&idx).is_some()
            && let RawKind::Map(children) = &arena[idx].kind
        {
            let pairs = merged_entries(arena, children, &merges);
            let count = pairs.len() as u64;
            if stored.saturating_add(count) > budget {
                if !limits.alias_reported {
                    limits.alias_reported = true;
                    errors.push(merge_limit(arena, children, budget));
                }
            } else if !pairs.is_empty() {
                stored += count;
                added = pairs.iter().fold(0u64, |acc, &(k, v)| {
                    acc.saturating_add(arena[k].size)
                        .saturating_add(arena[v].size)
                });
                merges.insert(idx, pairs);
            }
        }
        // Recompute the size from the children, whose sizes may have grown.
        let size = match &arena[idx].kind {
            RawKind::Alias(t) => arena[*t].size,
            RawKind::Seq(children) | RawKind::Map(children) => children
                .iter()
                .fold(1u64, |acc, &c| acc.saturating_add(arena[c].size)),
            RawKind::Scalar(_) | RawKind::Error { .. } => arena[idx].size,
        };
        arena[idx].size = size.saturating_add(added);
    }
    merges
}

/// The entries a mapping with `children` (flat keys and values) gets from its `<<` keys.
fn merged_entries(arena: &[RawNode], children: &[usize], merges: &Merges) -> Vec<(usize, usize)> {
    let key_text = |i: usize| match &arena[deref(arena, i)].kind {
        RawKind::Scalar(s) => Some(s.value.as_str()),
        _ => None,
    };
    let own = children.chunks_exact(2).map(|p| (p[0], p[1]));
    let mut present: HashSet<&str> = own.clone().filter_map(|(k, _)| key_text(k)).collect();
    let mut sources = Vec::new();
    for (k, v) in own {
        if !is_merge_key(&arena[k]) {
            continue;
        }
        let v = deref(arena, v);
        match &arena[v].kind {
            RawKind::Map(_) => sources.push(v),
            RawKind::Seq(items) => sources.extend(
                items
                    .iter()
                    .map(|&i| deref(arena, i))
                    .filter(|&i| matches!(arena[i].kind, RawKind::Map(_))),
            ),
            // Not a mapping: nothing to merge (the `<<` key is reported all the same).
            _ => {}
        }
    }
    let mut pairs = Vec::new();
    for source in sources {
        let RawKind::Map(source_children) = &arena[source].kind else {
            continue;
        };
        let own = source_children.chunks_exact(2).map(|p| (p[0], p[1]));
        let inherited = merges.get(&source).into_iter().flatten().copied();
        for (k, v) in own.chain(inherited) {
            // A key that is not a scalar cannot be compared: it is always taken.
            if key_text(k).is_none_or(|t| present.insert(t)) {
                pairs.push((k, v));
            }
        }
    }
    pairs
}

/// The node an alias stands for (the node itself when it is not an alias).
fn deref(arena: &[RawNode], idx: usize) -> usize {
    match arena[idx].kind {
        RawKind::Alias(t) => t,
        _ => idx,
    }
}

fn merge_limit(arena: &[RawNode], children: &[usize], budget: u64) -> SyntaxError {
    let span = children
        .iter()
        .step_by(2)
        .find(|&&k| is_merge_key(&arena[k]))
        .map_or(Span::default(), |&k| arena[k].span);
    SyntaxError {
        kind: SyntaxErrorKind::AliasLimit,
        span,
        message: format!(
            "aliases and merge keys expand to too many nodes (more than {budget}); this merge \
             and the aliases after it are not expanded"
        ),
    }
}

pub(crate) fn too_deep(span: Span) -> SyntaxError {
    SyntaxError {
        kind: SyntaxErrorKind::TooDeep,
        span,
        message: format!(
            "lists and mappings are nested too deeply here (more than {MAX_DEPTH} levels); the \
             deeper part is not read"
        ),
    }
}

/// A node from an arena entry. An alias expansion takes the alias token's span, points
/// `alias_of` at the anchored node and drops the anchor (it is written on the original only).
fn make(raw: &RawNode, alias: Option<Span>, kind: NodeKind) -> Node {
    Node {
        span: alias.unwrap_or(raw.span),
        kind,
        tag: raw.tag.clone(),
        anchor: if alias.is_some() {
            None
        } else {
            raw.anchor.clone()
        },
        alias_of: alias.map(|_| raw.span),
    }
}
