//! The units of every source and their parents, and the petgraph graph that holds
//! the source trees, the old → new edges and the new tree. Cycles are found with
//! Tarjan's algorithm, reported, and broken (the units in a cycle become roots) so
//! that every later walk up a tree ends.

use super::{NewUnitId, OldUnit, OldUnitId, Org, UnitKind, UnitRow, name_key};
use crate::conflict::{Conflict, ConflictKind, Severity};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

/// A node of the unit graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Old(OldUnitId),
    New(NewUnitId),
}

/// An edge of the unit graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Parent → child, inside one source tree or inside the new tree.
    Contains,
    /// Old unit → the new unit it becomes.
    BecomesPart,
}

/// Source trees, old → new edges and the new tree in one graph.
pub type UnitGraph = DiGraph<Node, Edge>;

/// Groups of nodes that sit on a cycle of `edges` (parent → child pairs), each sorted.
pub(super) fn cycles(nodes: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut g: DiGraph<usize, ()> = DiGraph::with_capacity(nodes, edges.len());
    for i in 0..nodes {
        g.add_node(i);
    }
    for &(a, b) in edges {
        if a < nodes && b < nodes {
            g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
    }
    let mut out: Vec<Vec<usize>> = tarjan_scc(&g)
        .into_iter()
        .filter(|scc| match scc.as_slice() {
            [one] => g.contains_edge(*one, *one),
            _ => true,
        })
        .map(|scc| {
            let mut ids: Vec<usize> = scc.iter().map(|n| n.index()).collect();
            ids.sort_unstable();
            ids
        })
        .collect();
    out.sort();
    out
}

impl Org {
    /// Read the unit rows of every source, resolve parents, report duplicates,
    /// missing parents and cycles.
    pub(super) fn add_old_units(&mut self, rows: &[UnitRow]) {
        let mut parent_texts = Vec::new();
        for row in rows {
            if row.source >= self.sources.len() {
                continue;
            }
            let name = crate::normalize::text::clean_spaces(&row.name);
            let mut code = row.code.trim().to_string();
            if code.is_empty() {
                // A units file without codes: the name is the only handle there is.
                code = name.clone();
            }
            if code.is_empty() {
                continue;
            }
            let key = self.source_key(row.source).to_string();
            let Some(codes) = self.old_by_code.get_mut(row.source) else {
                continue;
            };
            if let Some(first) = codes.get(&code).copied() {
                let first_line = self.old.get(first.0).map_or(0, |u| u.line);
                self.conflicts.push(
                    Conflict::new(
                        ConflictKind::OrgStructure,
                        Severity::Error,
                        vec![format!("{key}:unit:{code}")],
                    )
                    .field("unit_code")
                    .values(vec![code.clone()])
                    .detail(
                        format!(
                            "Mã đơn vị {code} xuất hiện hai lần trong {} (dòng {first_line} và {}); chỉ dùng dòng {first_line}",
                            row.file, row.line
                        ),
                        format!(
                            "Unit code {code} appears twice in {} (lines {first_line} and {}); only line {first_line} is used",
                            row.file, row.line
                        ),
                    )
                    .suggestion(
                        "Sửa tệp danh sách đơn vị để mỗi mã chỉ có một dòng",
                        "Fix the units file so that each code has one row",
                    ),
                );
                continue;
            }
            let id = OldUnitId(self.old.len());
            codes.insert(code.clone(), id);
            if let Some(upper) = self.old_by_upper.get_mut(row.source) {
                // The smallest code wins, as a scan of the codes in order would find.
                let old = &self.old;
                upper
                    .entry(code.to_uppercase())
                    .and_modify(|seen| {
                        if old.get(seen.0).is_some_and(|u| u.code > code) {
                            *seen = id;
                        }
                    })
                    .or_insert(id);
            }
            if let Some(names) = self.old_by_name.get_mut(row.source) {
                names.entry(name_key(&name)).or_default().push(id);
            }
            self.old.push(OldUnit {
                source: row.source,
                kind: UnitKind::parse(&row.kind, &name),
                code,
                name,
                parent: None,
                new: None,
                file: row.file.clone(),
                line: row.line,
            });
            parent_texts.push(row.parent.trim().to_string());
        }
        self.resolve_old_parents(&parent_texts);
        self.break_old_cycles();
    }

    fn resolve_old_parents(&mut self, parent_texts: &[String]) {
        for (i, text) in parent_texts.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let Some(unit) = self.old.get(i) else {
                continue;
            };
            match self.resolve(unit.source, text) {
                Some(p) => {
                    if let Some(u) = self.old.get_mut(i) {
                        u.parent = Some(p);
                    }
                }
                None => {
                    let subject = self.old_ref(OldUnitId(i));
                    let (file, line, name) = (unit.file.clone(), unit.line, unit.name.clone());
                    self.conflicts.push(
                        Conflict::new(ConflictKind::OrgStructure, Severity::Error, vec![subject.clone()])
                            .field("parent")
                            .values(vec![text.clone()])
                            .detail(
                                format!("Đơn vị {subject} '{name}' ({file}, dòng {line}) ghi đơn vị cấp trên '{text}' nhưng không có đơn vị nào như vậy; tạm coi là đơn vị gốc"),
                                format!("Unit {subject} '{name}' ({file}, line {line}) names parent '{text}', which is not in the units file; treated as a root for now"),
                            )
                            .suggestion(
                                "Sửa mã đơn vị cấp trên trong tệp danh sách đơn vị",
                                "Fix the parent code in the units file",
                            ),
                    );
                }
            }
        }
    }

    fn break_old_cycles(&mut self) {
        let edges: Vec<(usize, usize)> = self
            .old
            .iter()
            .enumerate()
            .filter_map(|(i, u)| u.parent.map(|p| (p.0, i)))
            .collect();
        for cycle in cycles(self.old.len(), &edges) {
            let subject: Vec<String> = cycle.iter().map(|&i| self.old_ref(OldUnitId(i))).collect();
            let list = subject.join(" → ");
            self.conflicts.push(
                Conflict::new(ConflictKind::OrgStructure, Severity::Error, subject.clone())
                    .field("parent")
                    .detail(
                        format!("Các đơn vị {list} là cấp trên của nhau theo vòng tròn; tạm coi mỗi đơn vị là đơn vị gốc"),
                        format!("Units {list} are each other's parents in a cycle; each is treated as a root for now"),
                    )
                    .suggestion(
                        "Sửa cột đơn vị cấp trên trong tệp danh sách đơn vị",
                        "Fix the parent column of the units file",
                    ),
            );
            for i in cycle {
                if let Some(u) = self.old.get_mut(i) {
                    u.parent = None;
                }
            }
        }
    }

    /// Report and break cycles of the new tree.
    pub(super) fn break_new_cycles(&mut self) {
        let edges: Vec<(usize, usize)> = self
            .new
            .iter()
            .enumerate()
            .filter_map(|(i, u)| u.parent.map(|p| (p.0, i)))
            .collect();
        for cycle in cycles(self.new.len(), &edges) {
            let subject: Vec<String> = cycle.iter().map(|&i| self.new_ref(NewUnitId(i))).collect();
            let list = subject.join(" → ");
            self.conflicts.push(
                Conflict::new(ConflictKind::OrgStructure, Severity::Error, subject.clone())
                    .field("parent")
                    .detail(
                        format!("Trong cơ cấu mới, các đơn vị {list} là cấp trên của nhau theo vòng tròn; tạm coi mỗi đơn vị là đơn vị gốc"),
                        format!("In the new structure, units {list} are each other's parents in a cycle; each is treated as a root for now"),
                    )
                    .suggestion(
                        "Sửa cột 'Đơn vị cấp trên mới' trong phương án",
                        "Fix the new parent column of the plan",
                    ),
            );
            for i in cycle {
                if let Some(u) = self.new.get_mut(i) {
                    u.parent = None;
                }
            }
        }
    }

    /// Fill the combined graph: old trees, old → new, new tree.
    pub(super) fn build_graph(&mut self) {
        let mut g = UnitGraph::with_capacity(self.old.len() + self.new.len(), 0);
        for i in 0..self.old.len() {
            g.add_node(Node::Old(OldUnitId(i)));
        }
        let base = self.old.len();
        for i in 0..self.new.len() {
            g.add_node(Node::New(NewUnitId(i)));
        }
        for (i, u) in self.old.iter().enumerate() {
            if let Some(p) = u.parent {
                g.add_edge(NodeIndex::new(p.0), NodeIndex::new(i), Edge::Contains);
            }
            if let Some(n) = u.new {
                g.add_edge(
                    NodeIndex::new(i),
                    NodeIndex::new(base + n.0),
                    Edge::BecomesPart,
                );
            }
        }
        for (i, u) in self.new.iter().enumerate() {
            if let Some(p) = u.parent {
                g.add_edge(
                    NodeIndex::new(base + p.0),
                    NodeIndex::new(base + i),
                    Edge::Contains,
                );
            }
        }
        self.graph = g;
    }

    /// The unit graph: source trees, old → new edges and the new tree.
    pub fn graph(&self) -> &UnitGraph {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn finds_cycles_and_self_loops() {
        for (n, edges, want) in [
            (3, vec![(0, 1), (1, 2)], vec![]),
            (3, vec![(0, 1), (1, 0), (1, 2)], vec![vec![0, 1]]),
            (2, vec![(1, 1)], vec![vec![1]]),
            (4, vec![(2, 3), (3, 2), (0, 0)], vec![vec![0], vec![2, 3]]),
        ] {
            assert_eq!(cycles(n, &edges), want, "{edges:?}");
        }
    }
}
