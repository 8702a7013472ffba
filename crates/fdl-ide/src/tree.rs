//! Finding the nodes of the syntax tree around an offset.

use fdl_syntax::{Entry, Node, NodeKind, Span};

/// How a node on the way down was reached.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Via<'a> {
    Root,
    /// The key of this entry (the node is the key).
    Key(&'a Entry),
    /// The value of this entry.
    Value(&'a Entry),
    /// An item of a list.
    Item,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Hop<'a> {
    pub node: &'a Node,
    pub via: Via<'a>,
}

fn holds(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The nodes from the root down to the innermost one holding `offset` (an offset at a node's
/// end counts as inside it, so a cursor right after a word finds the word).
pub(crate) fn descend(root: &Node, offset: usize) -> Vec<Hop<'_>> {
    let mut hops = Vec::new();
    if !holds(root.span, offset) {
        return hops;
    }
    hops.push(Hop {
        node: root,
        via: Via::Root,
    });
    let mut node = root;
    loop {
        let next = match &node.kind {
            NodeKind::Mapping(entries) => entries.iter().find_map(|e| {
                if holds(e.key.span, offset) && !e.key.span.is_empty() {
                    Some(Hop {
                        node: &e.key,
                        via: Via::Key(e),
                    })
                } else if holds(e.value.span, offset) {
                    Some(Hop {
                        node: &e.value,
                        via: Via::Value(e),
                    })
                } else {
                    None
                }
            }),
            NodeKind::Sequence(items) => {
                items.iter().find(|n| holds(n.span, offset)).map(|n| Hop {
                    node: n,
                    via: Via::Item,
                })
            }
            NodeKind::Scalar(_) | NodeKind::Error => None,
        };
        match next {
            // An alias expands to nodes whose spans are elsewhere: stop at the alias.
            Some(hop) if node.alias_of.is_none() => {
                hops.push(hop);
                node = hop.node;
            }
            _ => return hops,
        }
    }
}

/// The mapping node whose span is exactly `span`.
pub(crate) fn mapping_with_span(root: &Node, span: Span) -> Option<&Node> {
    descend(root, span.start)
        .into_iter()
        .map(|h| h.node)
        .find(|n| n.span == span && n.as_mapping().is_some())
}

/// The span of an entry: its key through its value.
pub(crate) fn entry_span(e: &Entry) -> Span {
    Span::new(e.key.span.start, e.key.span.end.max(e.value.span.end))
}
