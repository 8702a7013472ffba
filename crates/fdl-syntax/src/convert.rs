//! Arena to `Node` tree: expands aliases within a node budget and cuts collections nested
//! deeper than `MAX_DEPTH`. Iterative, so neither deep input nor deep expansions touch the
//! call stack.

use crate::build::{RawKind, RawNode};
use crate::{
    Entry, MAX_ALIAS_NODES, MAX_DEPTH, Node, NodeKind, Scalar, Span, SyntaxError, SyntaxErrorKind,
};

enum Task {
    Visit {
        idx: usize,
        /// Depth of the parent collection (0 for the root).
        depth: usize,
        /// The `*alias` token span when this visit expands an alias.
        alias: Option<Span>,
        /// Inside an alias expansion whose whole size was already charged to the budget.
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

/// Builds the tree of the node at `root`. Scalar values are moved out of the arena when no
/// alias can need them again.
pub(crate) fn convert(
    arena: &mut [RawNode],
    root: usize,
    limits: &mut Limits,
    errors: &mut Vec<SyntaxError>,
) -> Option<Node> {
    let mut tasks = vec![Task::Visit {
        idx: root,
        depth: 0,
        alias: None,
        charged: false,
    }];
    let mut out: Vec<Node> = Vec::new();
    let mut used: u64 = 0;
    let reusable = arena.iter().any(|n| matches!(n.kind, RawKind::Alias(_)));
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
                            if used.saturating_add(need) > MAX_ALIAS_NODES as u64 {
                                if !limits.alias_reported {
                                    limits.alias_reported = true;
                                    errors.push(SyntaxError {
                                        kind: SyntaxErrorKind::AliasLimit,
                                        span: raw.span,
                                        message: format!(
                                            "aliases expand to too many nodes (more than \
                                             {MAX_ALIAS_NODES}); this alias and the ones after \
                                             it are not expanded"
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
                        tasks.push(Task::Finish {
                            idx,
                            len: children.len(),
                            alias,
                        });
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
