//! What every renderer needs: nodes and clusters by where they sit, and the text of a step's
//! box.

use std::collections::HashMap;

use crate::{Graph, GraphNode, Severity};

/// The marker put before a marked step's name, so it shows without colour too.
pub fn marker(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => "✖ ",
        Some(Severity::Warning) => "⚠ ",
        _ => "",
    }
}

/// The second line of a step's label: its kind and detail.
pub fn kind_line(node: &GraphNode) -> String {
    match &node.detail {
        Some(detail) => format!("{} · {detail}", node.kind.as_str()),
        None => node.kind.as_str().to_owned(),
    }
}

/// Nodes and clusters by where they sit: the lists and nesting the renderers draw.
pub struct Tree {
    index: HashMap<String, usize>,
    /// Node indices by cluster (`None`: top level), in order.
    nodes_in: HashMap<Option<usize>, Vec<usize>>,
    /// Cluster indices by owning step's node index, in order.
    clusters_of: HashMap<usize, Vec<usize>>,
}

impl Tree {
    pub fn new(graph: &Graph) -> Tree {
        let index: HashMap<String, usize> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        let cluster_index: HashMap<&str, usize> = graph
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut nodes_in: HashMap<Option<usize>, Vec<usize>> = Default::default();
        for (i, n) in graph.nodes.iter().enumerate() {
            let cluster = n
                .cluster
                .as_deref()
                .and_then(|c| cluster_index.get(c).copied());
            nodes_in.entry(cluster).or_default().push(i);
        }
        let mut clusters_of: HashMap<usize, Vec<usize>> = Default::default();
        for (i, c) in graph.clusters.iter().enumerate() {
            if let Some(&owner) = index.get(&c.step) {
                clusters_of.entry(owner).or_default().push(i);
            }
        }
        Tree {
            index,
            nodes_in,
            clusters_of,
        }
    }

    pub fn node(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn nodes_in(&self, cluster: Option<usize>) -> &[usize] {
        self.nodes_in.get(&cluster).map_or(&[], Vec::as_slice)
    }

    pub fn clusters_of(&self, node: usize) -> &[usize] {
        self.clusters_of.get(&node).map_or(&[], Vec::as_slice)
    }
}
