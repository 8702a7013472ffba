//! SVG drawn by fdl itself, with a layout made for flows: the step lists of a flow nest like
//! blocks of a program, so each list is a column in order of execution, the lists nested in a
//! choice, parallel or foreach step sit side by side below it in rounded boxes, and jumps
//! (`goto`, catch, loops) run in lanes beside the column they land in: backward ones on the
//! right, forward ones on the left. Linear in the size of the graph; deterministic.

use std::collections::HashMap;
use std::fmt::Write;

use crate::text::{shorten, xml as esc};
use crate::tree::{Tree, kind_line};
use crate::{EdgeKind, Graph, NodeKind, Severity};

const MARGIN: f64 = 20.0;
/// Vertical space between a step and the next thing below it.
const GAP_Y: f64 = 34.0;
/// Horizontal space between clusters side by side.
const GAP_X: f64 = 24.0;
/// Width of one lane of jumps beside a column.
const LANE: f64 = 14.0;
const CLUSTER_PAD: f64 = 12.0;
const CLUSTER_TITLE: f64 = 18.0;
const STEP_H: f64 = 44.0;
const TERMINAL_H: f64 = 30.0;
const NAME_SIZE: f64 = 12.0;
const KIND_SIZE: f64 = 11.0;
const LABEL_SIZE: f64 = 10.0;
/// Characters shown of a step name; the full name is in the tooltip.
const NAME_CHARS: usize = 36;
const KIND_CHARS: usize = 48;

/// Estimated width of `text` at `size` px in a sans-serif font (wide characters count double).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { size } else { size * 0.6 })
        .sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Side {
    Left,
    Right,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug)]
enum Route {
    /// From the bottom of the source to the top of the target.
    Direct,
    /// Out of the source's side into a lane beside the target's list, and into the target's
    /// side.
    Lane {
        list: Option<usize>,
        side: Side,
        lane: usize,
    },
}

/// The node's list (`None`: the top level) and its place in it.
#[derive(Clone, Copy, Default)]
struct Place {
    list: Option<usize>,
    pos: usize,
}

#[derive(Clone, Copy, Default)]
struct Size {
    w: f64,
    h: f64,
}

struct Layout<'g> {
    graph: &'g Graph,
    tree: Tree,
    names: Vec<String>,
    kinds: Vec<String>,
    node: Vec<Size>,
    /// A step with the clusters below it.
    block: Vec<Size>,
    cluster: Vec<Size>,
    /// Steps of each list, in order (the top level without start and end).
    lists: HashMap<Option<usize>, Vec<usize>>,
    /// How many lanes each list side has: one per target.
    lanes: HashMap<(Option<usize>, Side), usize>,
    /// The lane of each (list, side, target).
    lane_of: HashMap<(Option<usize>, Side, usize), usize>,
    list_size: HashMap<Option<usize>, Size>,
    /// Left and right of each list's column (without its lanes).
    column: HashMap<Option<usize>, (f64, f64)>,
    /// Top-left corner of each node and cluster.
    at: Vec<(f64, f64)>,
    cluster_at: Vec<(f64, f64)>,
}

/// The graph as a standalone SVG document.
pub fn render(graph: &Graph) -> String {
    let tree = Tree::new(graph);
    let n = graph.nodes.len();
    let mut layout = Layout {
        graph,
        tree,
        names: Vec::with_capacity(n),
        kinds: Vec::with_capacity(n),
        node: Vec::with_capacity(n),
        block: vec![Size::default(); n],
        cluster: vec![Size::default(); graph.clusters.len()],
        lists: HashMap::new(),
        lanes: HashMap::new(),
        lane_of: HashMap::new(),
        list_size: HashMap::new(),
        column: HashMap::new(),
        at: vec![(0.0, 0.0); n],
        cluster_at: vec![(0.0, 0.0); graph.clusters.len()],
    };
    layout.measure_nodes();
    let places = layout.places();
    let routes = layout.routes(&places);
    layout.measure_list(None);
    let caption = caption(graph);
    let top = MARGIN + if caption.is_some() { 24.0 } else { 0.0 };
    layout.place_all(top);
    layout.draw(&routes, caption)
}

fn caption(graph: &Graph) -> Option<String> {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let s = &graph.summary;
    let mut parts = Vec::new();
    if s.errors > 0 {
        parts.push(plural(s.errors, "error"));
    }
    if s.warnings > 0 {
        parts.push(plural(s.warnings, "warning"));
    }
    if parts.is_empty() {
        return None;
    }
    let outside = graph
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .count();
    let mut text = format!(
        "{} (steps marked; run fdl check for details)",
        parts.join(", ")
    );
    if outside > 0 {
        text.push_str(&format!(
            "; {} outside the steps",
            if outside == 1 {
                "1 is".to_owned()
            } else {
                format!("{outside} are")
            }
        ));
    }
    Some(text)
}

impl Layout<'_> {
    fn measure_nodes(&mut self) {
        for node in &self.graph.nodes {
            let name = shorten(&node.label, NAME_CHARS);
            let kind = if node.kind.is_terminal_node() {
                String::new()
            } else {
                shorten(&kind_line(node), KIND_CHARS)
            };
            let marked = node.severity >= Some(Severity::Warning);
            let text = text_width(&name, NAME_SIZE).max(text_width(&kind, KIND_SIZE));
            let size = if node.kind.is_terminal_node() {
                Size {
                    w: (text + 32.0).max(64.0),
                    h: TERMINAL_H,
                }
            } else {
                let extra = if node.kind == NodeKind::Choice {
                    20.0
                } else {
                    0.0
                };
                Size {
                    w: (text + 24.0 + extra + if marked { 10.0 } else { 0.0 }).max(100.0),
                    h: STEP_H,
                }
            };
            self.names.push(name);
            self.kinds.push(kind);
            self.node.push(size);
        }
    }

    /// Where every node sits; fills `lists`.
    fn places(&mut self) -> Vec<Place> {
        let mut places = vec![Place::default(); self.graph.nodes.len()];
        let mut lists: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
        for c in std::iter::once(None).chain((0..self.graph.clusters.len()).map(Some)) {
            let steps: Vec<usize> = self
                .tree
                .nodes_in(c)
                .iter()
                .copied()
                .filter(|&i| !self.graph.nodes[i].kind.is_terminal_node())
                .collect();
            for (pos, &i) in steps.iter().enumerate() {
                places[i] = Place { list: c, pos };
            }
            lists.insert(c, steps);
        }
        // The end node comes after the last top-level step.
        let top_len = lists.get(&None).map_or(0, Vec::len);
        for (i, node) in self.graph.nodes.iter().enumerate() {
            if node.kind == NodeKind::End {
                places[i] = Place {
                    list: None,
                    pos: top_len,
                };
            }
        }
        self.lists = lists;
        places
    }

    /// The step of `list` that holds node `i` (or `i` itself).
    fn ancestor_in(&self, places: &[Place], mut i: usize, list: Option<usize>) -> Option<usize> {
        loop {
            let here = places[i].list;
            if here == list {
                return Some(i);
            }
            let c = here?;
            i = self.tree.node(&self.graph.clusters[c].step)?;
        }
    }

    fn routes(&mut self, places: &[Place]) -> Vec<Route> {
        let mut routes = Vec::with_capacity(self.graph.edges.len());
        for edge in &self.graph.edges {
            let (Some(s), Some(t)) = (self.tree.node(&edge.from), self.tree.node(&edge.to)) else {
                routes.push(Route::Direct);
                continue;
            };
            let source = &self.graph.nodes[s];
            let target_list = places[t].list;
            let fork = target_list
                .is_some_and(|c| self.graph.clusters[c].step == source.id && places[t].pos == 0);
            let route = if source.kind == NodeKind::Start || fork {
                Route::Direct
            } else if let Some(a) = self.ancestor_in(places, s, target_list) {
                let (apos, tpos) = (places[a].pos, places[t].pos);
                let skips_clusters = a == s && !self.tree.clusters_of(s).is_empty();
                let side = if tpos == apos + 1 && !skips_clusters {
                    None
                } else if tpos <= apos {
                    Some(Side::Right)
                } else {
                    Some(Side::Left)
                };
                match side {
                    None => Route::Direct,
                    Some(side) => {
                        let count = self.lanes.entry((target_list, side)).or_default();
                        let lane =
                            *self
                                .lane_of
                                .entry((target_list, side, t))
                                .or_insert_with(|| {
                                    *count += 1;
                                    *count - 1
                                });
                        Route::Lane {
                            list: target_list,
                            side,
                            lane,
                        }
                    }
                }
            } else {
                Route::Direct
            };
            routes.push(route);
        }
        routes
    }

    fn lane_count(&self, list: Option<usize>, side: Side) -> f64 {
        self.lanes.get(&(list, side)).copied().unwrap_or(0) as f64
    }

    fn measure_list(&mut self, list: Option<usize>) -> Size {
        let steps = self.lists.get(&list).cloned().unwrap_or_default();
        let mut w: f64 = 0.0;
        let mut h = 0.0;
        for (k, &s) in steps.iter().enumerate() {
            let b = self.measure_step(s);
            w = w.max(b.w);
            h += b.h + if k > 0 { GAP_Y } else { 0.0 };
        }
        let lanes = self.lane_count(list, Side::Left) + self.lane_count(list, Side::Right);
        let size = Size {
            w: w + lanes * LANE,
            h,
        };
        self.list_size.insert(list, size);
        size
    }

    fn measure_step(&mut self, s: usize) -> Size {
        let node = self.node[s];
        let clusters = self.tree.clusters_of(s).to_vec();
        let mut row = Size::default();
        for (k, &c) in clusters.iter().enumerate() {
            let inner = self.measure_list(Some(c));
            let title = text_width(&self.graph.clusters[c].label, LABEL_SIZE);
            let size = Size {
                w: inner.w.max(title) + 2.0 * CLUSTER_PAD,
                h: inner.h + CLUSTER_TITLE + 2.0 * CLUSTER_PAD,
            };
            self.cluster[c] = size;
            row.w += size.w + if k > 0 { GAP_X } else { 0.0 };
            row.h = row.h.max(size.h);
        }
        let block = Size {
            w: node.w.max(row.w),
            h: node.h
                + if clusters.is_empty() {
                    0.0
                } else {
                    GAP_Y + row.h
                },
        };
        self.block[s] = block;
        block
    }

    fn place_all(&mut self, top: f64) {
        let list = self.list_size.get(&None).copied().unwrap_or_default();
        let terminals: Vec<usize> = (0..self.graph.nodes.len())
            .filter(|&i| self.graph.nodes[i].kind.is_terminal_node())
            .collect();
        let widest = terminals
            .iter()
            .map(|&i| self.node[i].w)
            .fold(0.0, f64::max);
        let left_lanes = self.lane_count(None, Side::Left) * LANE;
        let content = list.w - left_lanes - self.lane_count(None, Side::Right) * LANE;
        // The column's centre, with room for the widest of start and end.
        let x = MARGIN + (widest - content).max(0.0) / 2.0;
        let center = x + left_lanes + content.max(0.0) / 2.0;
        let start_h = TERMINAL_H + GAP_Y;
        let list_h = if list.h > 0.0 { list.h + GAP_Y } else { 0.0 };
        for &i in &terminals {
            let y = if self.graph.nodes[i].kind == NodeKind::Start {
                top
            } else {
                top + start_h + list_h
            };
            self.at[i] = (center - self.node[i].w / 2.0, y);
        }
        self.place_list(None, x, top + start_h);
        if content <= 0.0 {
            self.column.insert(None, (center, center));
        }
    }

    fn place_list(&mut self, list: Option<usize>, x: f64, y: f64) {
        let size = self.list_size.get(&list).copied().unwrap_or_default();
        let left = x + self.lane_count(list, Side::Left) * LANE;
        let content = size.w - (left - x) - self.lane_count(list, Side::Right) * LANE;
        self.column.insert(list, (left, left + content));
        let center = left + content / 2.0;
        let steps = self.lists.get(&list).cloned().unwrap_or_default();
        let mut y = y;
        for s in steps {
            self.place_step(s, center, y);
            y += self.block[s].h + GAP_Y;
        }
    }

    fn place_step(&mut self, s: usize, center: f64, y: f64) {
        let node = self.node[s];
        self.at[s] = (center - node.w / 2.0, y);
        let clusters = self.tree.clusters_of(s).to_vec();
        let row_w: f64 = clusters.iter().map(|&c| self.cluster[c].w).sum::<f64>()
            + GAP_X * clusters.len().saturating_sub(1) as f64;
        let mut x = center - row_w / 2.0;
        let row_y = y + node.h + GAP_Y;
        for c in clusters {
            let size = self.cluster[c];
            self.cluster_at[c] = (x, row_y);
            let inner = self.list_size.get(&Some(c)).copied().unwrap_or_default();
            let inner_x = x + (size.w - inner.w) / 2.0;
            self.place_list(Some(c), inner_x, row_y + CLUSTER_TITLE + CLUSTER_PAD);
            x += size.w + GAP_X;
        }
    }

    fn draw(&self, routes: &[Route], caption: Option<String>) -> String {
        let mut bounds = Bounds::default();
        let mut body = String::new();
        if let Some(text) = &caption {
            let _ = writeln!(
                body,
                r#"<text class="caption" x="{}" y="{}">{}</text>"#,
                num(MARGIN),
                num(MARGIN + 12.0),
                esc(text)
            );
            bounds.add(MARGIN, MARGIN);
            bounds.add(MARGIN + text_width(text, NAME_SIZE), MARGIN + 16.0);
        }
        for (c, cluster) in self.graph.clusters.iter().enumerate() {
            let (x, y) = self.cluster_at[c];
            let size = self.cluster[c];
            bounds.add(x, y);
            bounds.add(x + size.w, y + size.h);
            let _ = writeln!(
                body,
                r#"<g class="cluster {}" data-id="{}"><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="10"/><text x="{}" y="{}">{}</text></g>"#,
                match cluster.kind {
                    crate::ClusterKind::Foreach => "foreach",
                    crate::ClusterKind::ParallelBranch => "parallel",
                    _ => "choice",
                },
                esc(&cluster.id),
                esc(&cluster.label),
                num(x),
                num(y),
                num(size.w),
                num(size.h),
                num(x + 10.0),
                num(y + 14.0),
                esc(&cluster.label)
            );
        }

        // Spread the ends of several lane edges at one side of a node.
        let mut ends: HashMap<(usize, Side, bool), usize> = HashMap::new();
        for (edge, route) in self.graph.edges.iter().zip(routes) {
            if let (Route::Lane { side, .. }, Some(s), Some(t)) =
                (route, self.tree.node(&edge.from), self.tree.node(&edge.to))
            {
                *ends.entry((s, *side, true)).or_default() += 1;
                *ends.entry((t, *side, false)).or_default() += 1;
            }
        }
        let mut used: HashMap<(usize, Side, bool), usize> = HashMap::new();
        let mut offset = |node: usize, side: Side, out: bool| {
            let n = ends.get(&(node, side, out)).copied().unwrap_or(1);
            let k = used.entry((node, side, out)).or_default();
            let spacing = (STEP_H - 12.0) / n.max(1) as f64;
            let spacing = spacing.min(12.0);
            let off = (*k as f64 - (n as f64 - 1.0) / 2.0) * spacing;
            *k += 1;
            off
        };

        let cluster_index: HashMap<&str, usize> = self
            .graph
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut labels = String::new();
        for (edge, route) in self.graph.edges.iter().zip(routes) {
            let (Some(s), Some(t)) = (self.tree.node(&edge.from), self.tree.node(&edge.to)) else {
                continue;
            };
            let class = match edge.kind {
                EdgeKind::Catch => "edge catch",
                EdgeKind::Goto => "edge jump",
                _ if edge.back => "edge jump",
                _ => "edge",
            };
            let marker = match edge.kind {
                EdgeKind::Catch => "arrow-catch",
                EdgeKind::Goto => "arrow-jump",
                _ if edge.back => "arrow-jump",
                _ => "arrow",
            };
            let label = match (&edge.label, edge.kind) {
                (Some(label), _) => Some(label.as_str()),
                (None, EdgeKind::Default) => Some("default"),
                (None, EdgeKind::Catch) => Some("catch"),
                _ => None,
            };
            let (sx0, sy0) = self.at[s];
            let (tx0, ty0) = self.at[t];
            let (ss, ts) = (self.node[s], self.node[t]);
            let path;
            match *route {
                Route::Direct => {
                    let (sx, sy) = (sx0 + ss.w / 2.0, sy0 + ss.h);
                    let (tx, ty) = (tx0 + ts.w / 2.0, ty0);
                    let mid = (sy + ty) / 2.0;
                    path = format!(
                        "M{} {} C{} {} {} {} {} {}",
                        num(sx),
                        num(sy),
                        num(sx),
                        num(mid),
                        num(tx),
                        num(mid),
                        num(tx),
                        num(ty)
                    );
                    // The title of a choice branch's cluster already shows its condition.
                    let titled = self.graph.nodes[t]
                        .cluster
                        .as_deref()
                        .and_then(|c| cluster_index.get(c))
                        .is_some_and(|&c| Some(self.graph.clusters[c].label.as_str()) == label);
                    if let Some(label) = label.filter(|_| !titled) {
                        let (lx, ly) = ((sx + tx) / 2.0, mid);
                        label_box(&mut labels, &mut bounds, label, lx, ly, "middle");
                    }
                }
                Route::Lane { list, side, lane } => {
                    let (left, right) = self.column.get(&list).copied().unwrap_or((0.0, 0.0));
                    let off = (lane as f64 + 0.5) * LANE;
                    let lx = match side {
                        Side::Right => right + off,
                        Side::Left => left - off,
                    };
                    let sy = sy0 + ss.h / 2.0 + offset(s, side, true);
                    let ty = ty0 + ts.h / 2.0 + offset(t, side, false);
                    let (sx, tx, dir) = match side {
                        Side::Right => (sx0 + ss.w, tx0 + ts.w, 1.0),
                        Side::Left => (sx0, tx0, -1.0),
                    };
                    let r = 6.0_f64.min((ty - sy).abs() / 2.0);
                    let vdir = if ty < sy { -1.0 } else { 1.0 };
                    path = format!(
                        "M{} {} H{} Q{} {} {} {} V{} Q{} {} {} {} H{}",
                        num(sx),
                        num(sy),
                        num(lx - dir * r),
                        num(lx),
                        num(sy),
                        num(lx),
                        num(sy + vdir * r),
                        num(ty - vdir * r),
                        num(lx),
                        num(ty),
                        num(lx - dir * r),
                        num(ty),
                        num(tx)
                    );
                    bounds.add(lx, sy);
                    if let Some(label) = label {
                        match side {
                            Side::Right => label_box(
                                &mut labels,
                                &mut bounds,
                                label,
                                sx + 4.0,
                                sy - 5.0,
                                "start",
                            ),
                            Side::Left => label_box(
                                &mut labels,
                                &mut bounds,
                                label,
                                sx - 4.0,
                                sy - 5.0,
                                "end",
                            ),
                        }
                    }
                }
            }
            let _ = writeln!(
                body,
                r#"<path class="{class}" d="{path}" marker-end="url(#{marker})" data-from="{}" data-to="{}" data-kind="{}"/>"#,
                esc(&edge.from),
                esc(&edge.to),
                edge.kind.as_str()
            );
        }

        for (i, node) in self.graph.nodes.iter().enumerate() {
            let (x, y) = self.at[i];
            let size = self.node[i];
            bounds.add(x, y);
            bounds.add(x + size.w, y + size.h);
            self.draw_node(&mut body, i, node, x, y, size);
        }
        body.push_str(&labels);

        let (min_x, min_y) = (bounds.min_x - MARGIN, 0.0_f64.min(bounds.min_y - MARGIN));
        let (w, h) = (bounds.max_x + MARGIN - min_x, bounds.max_y + MARGIN - min_y);
        let mut out = String::with_capacity(body.len() + 2048);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="{} {} {} {}" font-family="Helvetica, Arial, sans-serif" font-size="12">"#,
            num(w.ceil()),
            num(h.ceil()),
            num(min_x.floor()),
            num(min_y.floor()),
            num(w.ceil()),
            num(h.ceil())
        );
        out.push_str(STYLE);
        out.push_str(&body);
        out.push_str("</svg>\n");
        out
    }

    fn draw_node(
        &self,
        out: &mut String,
        i: usize,
        node: &crate::GraphNode,
        x: f64,
        y: f64,
        size: Size,
    ) {
        let (w, h) = (size.w, size.h);
        let cx = x + w / 2.0;
        if node.kind.is_terminal_node() {
            let _ = writeln!(
                out,
                r#"<g class="node terminal" id="n{i}" data-id="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="{}"/><text x="{}" y="{}">{}</text></g>"#,
                esc(&node.id),
                num(x),
                num(y),
                num(w),
                num(h),
                num(h / 2.0),
                num(cx),
                num(y + h / 2.0 + 4.0),
                esc(&self.names[i])
            );
            return;
        }
        let severity = node.severity.filter(|&s| s >= Severity::Warning);
        let mut tooltip = format!("{} ({})", node.label, node.id);
        for d in &node.diagnostics {
            let _ = write!(
                tooltip,
                "\n{} {}: {}",
                d.severity.as_str(),
                d.code,
                d.message
            );
        }
        let _ = write!(
            out,
            r#"<g class="node step {}{}" id="n{i}" data-id="{}" data-kind="{}"><title>{}</title>"#,
            node.kind.as_str(),
            match severity {
                Some(Severity::Error) => " error",
                Some(Severity::Warning) => " warning",
                _ => "",
            },
            esc(&node.id),
            node.kind.as_str(),
            esc(&tooltip)
        );
        match node.kind {
            NodeKind::Choice => {
                let d = 12.0;
                let _ = write!(
                    out,
                    r#"<polygon points="{},{} {},{} {},{} {},{} {},{} {},{}"/>"#,
                    num(x + d),
                    num(y),
                    num(x + w - d),
                    num(y),
                    num(x + w),
                    num(y + h / 2.0),
                    num(x + w - d),
                    num(y + h),
                    num(x + d),
                    num(y + h),
                    num(x),
                    num(y + h / 2.0)
                );
            }
            _ => {
                let rx = if matches!(node.kind, NodeKind::Succeed | NodeKind::Fail) {
                    h / 2.0
                } else {
                    6.0
                };
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}"/>"#,
                    num(x),
                    num(y),
                    num(w),
                    num(h),
                    num(rx)
                );
            }
        }
        let _ = write!(
            out,
            r#"<text class="name" x="{}" y="{}">{}</text><text class="kind" x="{}" y="{}">{}</text>"#,
            num(cx),
            num(y + 19.0),
            esc(&self.names[i]),
            num(cx),
            num(y + 35.0),
            esc(&self.kinds[i])
        );
        if severity.is_some() {
            let _ = write!(
                out,
                r#"<circle class="marker" cx="{}" cy="{}" r="8"/><text class="marker" x="{}" y="{}">!</text>"#,
                num(x + w - 2.0),
                num(y + 2.0),
                num(x + w - 2.0),
                num(y + 6.5)
            );
        }
        out.push_str("</g>\n");
    }
}

fn label_box(out: &mut String, bounds: &mut Bounds, text: &str, x: f64, y: f64, anchor: &str) {
    let w = text_width(text, LABEL_SIZE) + 6.0;
    let left = match anchor {
        "start" => x - 3.0,
        "end" => x - w + 3.0,
        _ => x - w / 2.0,
    };
    bounds.add(left, y - 10.0);
    bounds.add(left + w, y + 4.0);
    let _ = writeln!(
        out,
        r#"<g class="label"><rect x="{}" y="{}" width="{}" height="14" rx="3"/><text x="{}" y="{}" text-anchor="{anchor}">{}</text></g>"#,
        num(left),
        num(y - 10.0),
        num(w),
        num(x),
        num(y + 1.0),
        esc(text)
    );
}

/// Drawn extent, so the picture is framed whatever sticks out (labels, lanes).
struct Bounds {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            min_x: f64::INFINITY,
            min_y: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            max_y: f64::NEG_INFINITY,
        }
    }
}

impl Bounds {
    fn add(&mut self, x: f64, y: f64) {
        self.min_x = self.min_x.min(x);
        self.min_y = self.min_y.min(y);
        self.max_x = self.max_x.max(x);
        self.max_y = self.max_y.max(y);
    }
}

/// A coordinate with at most one decimal, without a trailing `.0`.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

const STYLE: &str = r##"<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="#607d8b"/></marker>
<marker id="arrow-jump" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="#1565c0"/></marker>
<marker id="arrow-catch" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="#8e24aa"/></marker>
</defs>
<style>
.caption{font-weight:bold;fill:#b71c1c}
.cluster rect{fill:#fafafa;stroke:#b0bec5;stroke-dasharray:5 3}
.cluster.parallel rect{fill:#f1f8e9}
.cluster.foreach rect{fill:#e0f2f1}
.cluster text{font-size:10px;fill:#546e7a;font-weight:bold}
.edge{fill:none;stroke:#607d8b;stroke-width:1.4}
.edge.jump{stroke:#1565c0}
.edge.catch{stroke:#8e24aa;stroke-dasharray:5 3}
.node rect,.node polygon{stroke:#546e7a;stroke-width:1.2;fill:#ffffff}
.node text{text-anchor:middle}
.node .name{font-weight:bold;fill:#212121}
.node .kind{font-size:11px;fill:#546e7a}
.terminal rect{fill:#37474f;stroke:#37474f}
.terminal text{fill:#ffffff;font-weight:bold}
.task rect{fill:#e3f2fd}
.choice polygon{fill:#fff8e1}
.parallel rect,.foreach rect{fill:#e8f5e9}
.wait rect{fill:#f3e5f5}
.succeed rect{fill:#c8e6c9}
.fail rect{fill:#ffcdd2}
.step.error rect,.step.error polygon{stroke:#c62828;stroke-width:3}
.step.warning rect,.step.warning polygon{stroke:#ef6c00;stroke-width:3}
.error circle.marker{fill:#c62828}
.warning circle.marker{fill:#ef6c00}
text.marker{fill:#ffffff;font-weight:bold;font-size:12px}
.label rect{fill:#ffffff;fill-opacity:0.9}
.label text{font-size:10px;fill:#37474f}
</style>
"##;
