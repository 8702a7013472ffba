//! An owned summary of the typed model, built once per document: every step list, step,
//! `goto` and mapping item with its spans. The model itself borrows the syntax tree, so it
//! cannot live in `Analysis` next to it; this index can, and answers the cross-step questions
//! (which step a `goto` names, which step produced `$local.x`) without rebuilding anything.

use fdl_model::catalogue::{Context, StepKind};
use fdl_model::model::{Body, MappingList, MappingRole, StepList};
use fdl_syntax::{Node, Span};

pub(crate) type StepId = usize;
pub(crate) type ListId = usize;

#[derive(Debug, Default)]
pub(crate) struct Index {
    pub steps: Vec<StepInfo>,
    pub lists: Vec<ListInfo>,
    /// The top-level `steps` list.
    pub top: Option<ListId>,
    /// Every mapping the model interpreted and its context, sorted by start.
    pub objects: Vec<(Span, Context)>,
    /// The flow's own `inputMappings` and `outputMappings`.
    pub flow_mappings: Vec<MappingInfo>,
}

/// Where a step list sits.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ListRole {
    Top,
    /// The steps of the n-th choice branch (0-based), with the branch's condition as written.
    ChoiceBranch(usize, Option<String>),
    ChoiceDefault,
    /// The steps of the n-th parallel branch.
    ParallelBranch(usize),
    ForeachBody,
}

#[derive(Debug)]
pub(crate) struct ListInfo {
    /// The sequence node.
    pub span: Span,
    /// The mapping that holds the list's `steps` key (the branch, the step, or the flow).
    pub holder: Span,
    /// What names the holder in an outline: a branch's condition, else its first key.
    pub head: Span,
    pub steps: Vec<StepId>,
    /// The step this list is nested in; `None` for the top-level list.
    pub owner: Option<StepId>,
    pub role: ListRole,
}

#[derive(Debug)]
pub(crate) struct Named {
    pub text: String,
    pub span: Span,
}

#[derive(Debug)]
pub(crate) struct StepInfo {
    pub span: Span,
    pub list: ListId,
    /// Position in its list.
    pub position: usize,
    pub name: Option<Named>,
    /// The value of `type` as written, and its kind when it names one.
    pub type_value: Option<Named>,
    pub kind: Option<StepKind>,
    /// `goto` values held by this step (choice branches, default, catch rules).
    pub gotos: Vec<Named>,
    pub mappings: Vec<MappingInfo>,
    pub children: Vec<ListId>,
    pub ends_list: bool,
}

#[derive(Debug)]
pub(crate) struct MappingInfo {
    pub role: MappingRole,
    /// The sequence node.
    pub span: Span,
    pub items: Vec<ItemInfo>,
}

#[derive(Debug)]
pub(crate) struct ItemInfo {
    /// The item's mapping.
    pub span: Span,
    pub target: Option<Named>,
    /// The source as a string, when it is one, and the span of its node.
    pub source: Option<Named>,
}

impl StepInfo {
    /// The part of the step to put the cursor on: its name, else its type, else its start.
    pub fn focus(&self) -> Span {
        self.name
            .as_ref()
            .map(|n| n.span)
            .or(self.type_value.as_ref().map(|t| t.span))
            .unwrap_or(Span::empty(self.span.start))
    }
}

impl Index {
    pub fn build(root: &Node) -> Index {
        let flow = fdl_model::build(root);
        let mut ix = Index {
            objects: flow
                .objects
                .iter()
                .map(|o| (o.node.span, o.context))
                .collect(),
            ..Index::default()
        };
        for (role, list) in [
            (MappingRole::FlowInput, &flow.input_mappings),
            (MappingRole::FlowOutput, &flow.output_mappings),
        ] {
            if let Some(list) = list {
                ix.flow_mappings.push(mapping_info(role, list));
            }
        }
        if let Some(list) = &flow.steps {
            ix.top = Some(ix.add_list(list, root, None, ListRole::Top));
        }
        ix
    }

    fn add_list(
        &mut self,
        list: &StepList<'_>,
        holder: &Node,
        owner: Option<StepId>,
        role: ListRole,
    ) -> ListId {
        let id = self.lists.len();
        let head = match &role {
            ListRole::ChoiceBranch(..) => holder.get("condition").map(|c| c.span),
            _ => None,
        }
        .or_else(|| holder.as_mapping()?.first().map(|e| e.key.span))
        .unwrap_or(holder.span);
        self.lists.push(ListInfo {
            span: list.node.span,
            holder: holder.span,
            head,
            steps: Vec::new(),
            owner,
            role,
        });
        for (position, step) in list.steps.iter().enumerate() {
            let step_id = self.steps.len();
            let named = |node: &Node| {
                node.scalar_text().map(|text| Named {
                    text: text.to_string(),
                    span: node.span,
                })
            };
            self.steps.push(StepInfo {
                span: step.node.span,
                list: id,
                position,
                name: step.name.and_then(named),
                type_value: step.type_node.and_then(named),
                kind: step.kind,
                gotos: step.gotos().iter().filter_map(|g| named(g.node)).collect(),
                mappings: step
                    .mapping_lists()
                    .into_iter()
                    .map(|(role, m)| mapping_info(role, m))
                    .collect(),
                children: Vec::new(),
                ends_list: step.ends_list(),
            });
            self.lists[id].steps.push(step_id);
            let mut children = Vec::new();
            match &step.body {
                Body::Choice(choice) => {
                    for (i, branch) in choice.branches.iter().enumerate() {
                        if let Some(steps) = &branch.steps {
                            let condition = branch
                                .condition
                                .and_then(Node::scalar_text)
                                .map(str::to_string);
                            children.push(self.add_list(
                                steps,
                                branch.node,
                                Some(step_id),
                                ListRole::ChoiceBranch(i, condition),
                            ));
                        }
                    }
                    if let Some(default) = &choice.default
                        && let Some(steps) = &default.steps
                    {
                        children.push(self.add_list(
                            steps,
                            default.node,
                            Some(step_id),
                            ListRole::ChoiceDefault,
                        ));
                    }
                }
                Body::Parallel(parallel) => {
                    for (i, branch) in parallel.branches.iter().enumerate() {
                        if let Some(steps) = &branch.steps {
                            children.push(self.add_list(
                                steps,
                                branch.node,
                                Some(step_id),
                                ListRole::ParallelBranch(i),
                            ));
                        }
                    }
                }
                Body::Foreach(foreach) => {
                    if let Some(steps) = &foreach.steps {
                        children.push(self.add_list(
                            steps,
                            step.node,
                            Some(step_id),
                            ListRole::ForeachBody,
                        ));
                    }
                }
                _ => {}
            }
            self.steps[step_id].children = children;
        }
        id
    }

    /// The innermost step whose mapping contains `offset`.
    pub fn step_at(&self, offset: usize) -> Option<StepId> {
        let mut list = self.top?;
        let mut found = None;
        loop {
            let steps = &self.lists[list].steps;
            // Steps of a list are in document order and do not overlap.
            let i = steps.partition_point(|&s| self.steps[s].span.start <= offset);
            let Some(&candidate) = i.checked_sub(1).and_then(|i| steps.get(i)) else {
                return found;
            };
            let step = &self.steps[candidate];
            if !(step.span.start <= offset && offset <= step.span.end) {
                return found;
            }
            found = Some(candidate);
            match step
                .children
                .iter()
                .find(|&&l| self.lists[l].span.start <= offset && offset <= self.lists[l].span.end)
            {
                Some(&child) => list = child,
                None => return found,
            }
        }
    }

    /// The step of `list` named `name`: the first one, as the service would resolve it.
    pub fn find_in_list(&self, list: ListId, name: &str) -> Option<StepId> {
        self.lists[list]
            .steps
            .iter()
            .copied()
            .find(|&s| self.steps[s].name.as_ref().is_some_and(|n| n.text == name))
    }

    /// The `goto` under `offset`: the step holding it and the goto.
    pub fn goto_at(&self, offset: usize) -> Option<(StepId, &Named)> {
        let mut step = self.step_at(offset);
        // A goto belongs to the step holding the choice or catch; the innermost step at the
        // offset may be nested deeper only if the offset is inside a branch's steps, where no
        // goto of the outer step lies.
        while let Some(id) = step {
            if let Some(g) = self.steps[id]
                .gotos
                .iter()
                .find(|g| g.span.start <= offset && offset <= g.span.end)
            {
                return Some((id, g));
            }
            step = self.lists[self.steps[id].list].owner;
        }
        None
    }

    /// The step a name span or a goto at `offset` refers to, with the span hit.
    pub fn step_reference_at(&self, offset: usize) -> Option<Reference> {
        if let Some((holder, goto)) = self.goto_at(offset) {
            let list = self.steps[holder].list;
            return Some(Reference {
                list,
                name: goto.text.clone(),
                span: goto.span,
                step: self.find_in_list(list, &goto.text),
            });
        }
        let id = self.step_at(offset)?;
        let step = &self.steps[id];
        let name = step.name.as_ref()?;
        (name.span.start <= offset && offset <= name.span.end).then(|| Reference {
            list: step.list,
            name: name.text.clone(),
            span: name.span,
            step: Some(id),
        })
    }

    /// Every goto in `list` that names `name`.
    pub fn gotos_naming(&self, list: ListId, name: &str) -> Vec<Span> {
        let mut out: Vec<Span> = self.lists[list]
            .steps
            .iter()
            .flat_map(|&s| self.steps[s].gotos.iter())
            .filter(|g| g.text == name)
            .map(|g| g.span)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The context of the interpreted mapping with exactly this span.
    pub fn context_of(&self, span: Span) -> Option<Context> {
        let i = self.objects.partition_point(|(s, _)| s.start < span.start);
        self.objects[i..]
            .iter()
            .take_while(|(s, _)| s.start == span.start)
            .find(|(s, _)| *s == span)
            .map(|(_, c)| *c)
    }

    /// Where the mapping item holding a `source` at `offset` sits: the step (none for the
    /// flow's own mappings), the list's role and the item.
    pub fn mapping_item_at(
        &self,
        offset: usize,
    ) -> Option<(Option<StepId>, &MappingInfo, &ItemInfo)> {
        let inside = |m: &MappingInfo| m.span.start <= offset && offset <= m.span.end;
        let find = |lists: &'_ [MappingInfo]| -> Option<(usize, usize)> {
            lists.iter().enumerate().find_map(|(li, m)| {
                if !inside(m) {
                    return None;
                }
                m.items
                    .iter()
                    .position(|it| it.span.start <= offset && offset <= it.span.end)
                    .map(|ii| (li, ii))
            })
        };
        let mut step = self.step_at(offset);
        while let Some(id) = step {
            if let Some((li, ii)) = find(&self.steps[id].mappings) {
                let m = &self.steps[id].mappings[li];
                return Some((Some(id), m, &m.items[ii]));
            }
            step = self.lists[self.steps[id].list].owner;
        }
        let (li, ii) = find(&self.flow_mappings)?;
        let m = &self.flow_mappings[li];
        Some((None, m, &m.items[ii]))
    }

    /// The mapping items that produce `$local.<key>` as read by a mapping of `role` in
    /// `step` (none: the flow), latest first: the one that wins comes first.
    pub fn local_producers(
        &self,
        step: Option<StepId>,
        role: MappingRole,
        key: &str,
    ) -> Vec<(StepId, &ItemInfo)> {
        let mut producers: Vec<StepId> = Vec::new();
        match (step, role) {
            // The flow's output reads the merged outputs of the top-level steps.
            (None, MappingRole::FlowOutput) => {
                if let Some(top) = self.top {
                    producers.extend(self.lists[top].steps.iter().rev());
                }
            }
            // A step's input reads its parent's local: the outputs of the siblings before it.
            (Some(id), MappingRole::StepInput) => {
                let step = &self.steps[id];
                producers.extend(self.lists[step.list].steps[..step.position].iter().rev());
            }
            // A container step's output reads the outputs of the steps inside it.
            (Some(id), MappingRole::StepOutput) => {
                for &list in self.steps[id].children.iter().rev() {
                    producers.extend(self.lists[list].steps.iter().rev());
                }
            }
            _ => {}
        }
        let mut out = Vec::new();
        for s in producers {
            for m in &self.steps[s].mappings {
                if m.role != MappingRole::StepOutput {
                    continue;
                }
                for item in m.items.iter().rev() {
                    if item.target.as_ref().is_some_and(|t| t.text == key) {
                        out.push((s, item));
                    }
                }
            }
        }
        out
    }

    /// A readable path to a step: `outer › inner` (names, or kinds for unnamed steps).
    pub fn step_label(&self, id: StepId) -> String {
        let step = &self.steps[id];
        match &step.name {
            Some(n) => n.text.clone(),
            None => match &step.type_value {
                Some(t) => format!("(unnamed {} step)", t.text),
                None => "(unnamed step)".to_string(),
            },
        }
    }
}

/// A step name or a goto naming one.
#[derive(Debug)]
pub(crate) struct Reference {
    pub list: ListId,
    pub name: String,
    /// The span of the name or goto hit.
    pub span: Span,
    /// The step named, when the list has one of that name.
    pub step: Option<StepId>,
}

fn mapping_info(role: MappingRole, list: &MappingList<'_>) -> MappingInfo {
    MappingInfo {
        role,
        span: list.node.span,
        items: list
            .items
            .iter()
            .map(|item| ItemInfo {
                span: item.node.span,
                target: item.target.and_then(|t| {
                    t.scalar_text().map(|text| Named {
                        text: text.to_string(),
                        span: t.span,
                    })
                }),
                source: item.source.and_then(|s| {
                    s.as_str().map(|text| Named {
                        text: text.to_string(),
                        span: s.span,
                    })
                }),
            })
            .collect(),
    }
}
