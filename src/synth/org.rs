//! The organisation side of a scenario: each source's unit tree (agency →
//! departments, Đảng bộ → chi bộ; at province scale also communes and their
//! hamlet cells), the slots people are placed in (a staff unit with its chi bộ),
//! and the plan old unit → new unit. Same-named departments merge, some are renamed,
//! one unit of the absorbed source folds into another department.

use super::scenario::SourceDef;

/// A unit of one source.
#[derive(Debug, Clone)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub parent: Option<usize>,
    pub kind: &'static str,
    /// Index into [`Plan::units`].
    pub new: usize,
}

/// What heads a slot, for positions (Trưởng phòng, Giám đốc …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    Office,
    Dept,
    Center,
    Board,
    Department,
    Commune,
}

/// A place a person works: a staff unit and the chi bộ they attend.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    pub unit: usize,
    pub cell: usize,
    pub head: Head,
}

/// One source's units and slots.
#[derive(Debug, Clone, Default)]
pub struct Org {
    pub units: Vec<Unit>,
    pub slots: Vec<Slot>,
}

/// A unit of the merged organisation.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub parent: Option<usize>,
    pub kind: &'static str,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub units: Vec<NewUnit>,
}

impl Plan {
    fn add(
        &mut self,
        code: String,
        name: &str,
        parent: Option<usize>,
        kind: &'static str,
    ) -> usize {
        self.units.push(NewUnit {
            code,
            name: name.to_string(),
            parent,
            kind,
        });
        self.units.len() - 1
    }
}

impl Org {
    fn add(
        &mut self,
        code: String,
        name: String,
        parent: Option<usize>,
        kind: &'static str,
        new: usize,
    ) -> usize {
        self.units.push(Unit {
            code,
            name,
            parent,
            kind,
            new,
        });
        self.units.len() - 1
    }
}

/// An office department: its name in the target, in the absorbed source ("" =
/// absent), in the new office, and its kind. `into` folds it into another entry.
struct Dept {
    names: [&'static str; 2],
    new_name: &'static str,
    kind: &'static str,
    head: Head,
    into: Option<usize>,
}

const fn d(
    t: &'static str,
    o: &'static str,
    new_name: &'static str,
    kind: &'static str,
    head: Head,
) -> Dept {
    Dept {
        names: [t, o],
        new_name,
        kind,
        head,
        into: None,
    }
}

const DEPTS: &[Dept] = &[
    d(
        "Phòng Tổng hợp",
        "Phòng Tổng hợp",
        "Phòng Tổng hợp",
        "Phòng",
        Head::Dept,
    ),
    d(
        "Phòng Kinh tế",
        "Phòng Kinh tế ngành",
        "Phòng Kinh tế",
        "Phòng",
        Head::Dept,
    ),
    d(
        "Phòng Nội chính",
        "Phòng Nội chính - Pháp chế",
        "Phòng Nội chính",
        "Phòng",
        Head::Dept,
    ),
    d(
        "Phòng Khoa giáo - Văn xã",
        "Phòng Văn hóa - Xã hội",
        "Phòng Khoa giáo - Văn xã",
        "Phòng",
        Head::Dept,
    ),
    d(
        "Phòng Hành chính - Tổ chức",
        "Phòng Hành chính - Tổ chức",
        "Phòng Hành chính - Tổ chức",
        "Phòng",
        Head::Dept,
    ),
    d(
        "Phòng Quản trị - Tài vụ",
        "Phòng Quản trị - Tài vụ",
        "Phòng Quản trị - Tài vụ",
        "Phòng",
        Head::Dept,
    ),
    d(
        "Trung tâm Thông tin - Tin học",
        "Trung tâm Công báo - Tin học",
        "Trung tâm Thông tin - Công báo",
        "Trung tâm",
        Head::Center,
    ),
    d(
        "Ban Tiếp công dân",
        "Ban Tiếp công dân",
        "Ban Tiếp công dân",
        "Ban",
        Head::Board,
    ),
    d("Phòng Ngoại vụ", "", "Phòng Ngoại vụ", "Phòng", Head::Dept),
    Dept {
        names: ["", "Phòng Kiểm soát thủ tục hành chính"],
        new_name: "",
        kind: "Phòng",
        head: Head::Dept,
        into: Some(2),
    },
];

/// How many [`SO`] slots open every province-scale org.
pub const SO_COUNT: usize = SO.len();

/// Provincial departments (Sở) every province has; same names merge.
const SO: &[&str] = &[
    "Văn phòng UBND",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Thanh tra tỉnh",
];

const NAME_A: &[&str] = &[
    "An", "Tân", "Vĩnh", "Phú", "Hòa", "Long", "Bình", "Thạnh", "Mỹ", "Đông", "Tây", "Hưng",
    "Thái", "Quang", "Đại",
];
const NAME_B: &[&str] = &[
    "Trung", "Lợi", "Nghĩa", "Định", "Thành", "Quới", "Thuận", "Điền", "Lộc", "Hiệp", "Khánh",
    "Tường", "Phước", "Lạc", "Tiến", "Xuân", "Phong", "Hội", "Sơn", "Hải",
];

/// A made-up but plausible commune name, distinct for each `i`.
fn commune_name(i: usize) -> String {
    let n = NAME_A.len() * NAME_B.len();
    let base = format!(
        "{} {}",
        NAME_A[i % NAME_A.len()],
        NAME_B[(i / NAME_A.len()) % NAME_B.len()]
    );
    if i < n {
        base
    } else {
        format!("{base} {}", i / n + 1)
    }
}

/// Office scale: Văn phòng → departments, Đảng bộ cơ quan → one chi bộ each.
pub fn office(srcs: &[SourceDef; 2]) -> (Vec<Org>, Plan) {
    let t = &srcs[0];
    let mut plan = Plan::default();
    let agency = plan.add(t.codes.agency(), t.name, None, "Cơ quan");
    let party_name = format!("Đảng bộ {}", t.name);
    let party = plan.add(t.codes.party(), &party_name, None, "Đảng bộ");
    // New department and cell for each catalogue entry that is not folded away.
    let mut new_of = vec![(0, 0); DEPTS.len()];
    let mut extra = 50;
    let mut target_seq = 0;
    for (i, dep) in DEPTS.iter().enumerate() {
        if !dep.names[0].is_empty() {
            target_seq += 1;
        }
        if dep.into.is_some() {
            continue;
        }
        let n = if dep.names[0].is_empty() {
            extra += 1;
            extra
        } else {
            target_seq
        };
        let du = plan.add(t.codes.dept(n), dep.new_name, Some(agency), dep.kind);
        let cu = plan.add(
            t.codes.cell(n),
            &format!("Chi bộ {}", dep.new_name),
            Some(party),
            "Chi bộ",
        );
        new_of[i] = (du, cu);
    }
    for (i, dep) in DEPTS.iter().enumerate() {
        if let Some(j) = dep.into {
            new_of[i] = new_of[j];
        }
    }
    let orgs = srcs
        .iter()
        .enumerate()
        .map(|(s, src)| {
            let mut org = Org::default();
            let a = org.add(
                src.codes.agency(),
                src.name.to_string(),
                None,
                "Cơ quan",
                agency,
            );
            let p = org.add(
                src.codes.party(),
                format!("Đảng bộ {}", src.name),
                None,
                "Đảng bộ",
                party,
            );
            let mut seq = 0;
            let mut first_cell = None;
            for (i, dep) in DEPTS.iter().enumerate() {
                let name = dep.names[s.min(1)];
                if name.is_empty() {
                    continue;
                }
                seq += 1;
                let (du, cu) = new_of[i];
                let unit = org.add(src.codes.dept(seq), name.to_string(), Some(a), dep.kind, du);
                let cell = org.add(
                    src.codes.cell(seq),
                    format!("Chi bộ {name}"),
                    Some(p),
                    "Chi bộ",
                    cu,
                );
                first_cell.get_or_insert(cell);
                org.slots.push(Slot {
                    unit,
                    cell,
                    head: dep.head,
                });
            }
            // The office's leaders sit in the agency itself and attend the first chi bộ.
            let cell = first_cell.unwrap_or(p);
            org.slots.insert(
                0,
                Slot {
                    unit: a,
                    cell,
                    head: Head::Office,
                },
            );
            org
        })
        .collect();
    (orgs, plan)
}

/// Province scale: UBND tỉnh → Sở and UBND xã; Đảng bộ tỉnh → Đảng bộ xã → chi bộ
/// thôn/ấp (about `per_cell` members each), plus a chi bộ per Sở. Old communes merge
/// two by two into new ones, as the 2025 reform did.
pub fn province(srcs: &[SourceDef; 2], members: [usize; 2], per_cell: usize) -> (Vec<Org>, Plan) {
    const CELLS_PER_COMMUNE: usize = 15;
    let t = &srcs[0];
    let mut plan = Plan::default();
    let ubnd = plan.add(
        t.codes.agency(),
        &format!("UBND {}", t.province),
        None,
        "Cơ quan",
    );
    let party = plan.add(
        t.codes.party(),
        &format!("Đảng bộ {}", t.province),
        None,
        "Đảng bộ",
    );
    let mut so_new = Vec::new();
    for (i, so) in SO.iter().enumerate() {
        let u = plan.add(t.codes.dept(i + 1), so, Some(ubnd), "Cơ quan");
        let c = plan.add(
            t.codes.cell(i + 1),
            &format!("Chi bộ {so}"),
            Some(party),
            "Chi bộ",
        );
        so_new.push((u, c));
    }
    let mut orgs = Vec::new();
    let mut next_new = 0usize;
    for (s, src) in srcs.iter().enumerate() {
        let mut org = Org::default();
        let a = org.add(
            src.codes.agency(),
            format!("UBND {}", src.province),
            None,
            "Cơ quan",
            ubnd,
        );
        let p = org.add(
            src.codes.party(),
            format!("Đảng bộ {}", src.province),
            None,
            "Đảng bộ",
            party,
        );
        for (i, so) in SO.iter().enumerate() {
            let unit = org.add(
                src.codes.dept(i + 1),
                so.to_string(),
                Some(a),
                "Cơ quan",
                so_new[i].0,
            );
            let cell = org.add(
                src.codes.cell(i + 1),
                format!("Chi bộ {so}"),
                Some(p),
                "Chi bộ",
                so_new[i].1,
            );
            org.slots.push(Slot {
                unit,
                cell,
                head: Head::Department,
            });
        }
        let communes = members[s].div_ceil(per_cell * CELLS_PER_COMMUNE).max(1);
        // Two old communes share one new commune: (new UBND, new Đảng bộ, its name, cells so far).
        let mut pending: Option<(usize, usize, String)> = None;
        for k in 0..communes {
            let name = commune_name(next_new + k);
            let n = 100 + k;
            let (nu, np, new_name, offset) = match pending.take() {
                Some((nu, np, new_name)) => (nu, np, new_name, CELLS_PER_COMMUNE),
                None => {
                    let m = 1000 + next_new + k;
                    let nu = plan.add(
                        t.codes.dept(m),
                        &format!("UBND xã {name}"),
                        Some(ubnd),
                        "Cơ quan",
                    );
                    let np = plan.add(
                        t.codes.cell(m),
                        &format!("Đảng bộ xã {name}"),
                        Some(party),
                        "Đảng bộ",
                    );
                    pending = Some((nu, np, name.clone()));
                    (nu, np, name.clone(), 0)
                }
            };
            let unit = org.add(
                src.codes.dept(n),
                format!("UBND xã {name}"),
                Some(a),
                "Cơ quan",
                nu,
            );
            let cp = org.add(
                src.codes.cell(n),
                format!("Đảng bộ xã {name}"),
                Some(p),
                "Đảng bộ",
                np,
            );
            for c in 1..=CELLS_PER_COMMUNE {
                let hamlet = src.hamlet;
                let new_cell = format!("Chi bộ {hamlet} {} xã {new_name}", c + offset);
                let new_code = format!("{}.{:02}", plan.units[np].code, c + offset);
                let nc = plan.add(new_code, &new_cell, Some(np), "Chi bộ");
                let code = format!("{}.{c:02}", src.codes.cell(n));
                let cell = org.add(
                    code,
                    format!("Chi bộ {hamlet} {c} xã {name}"),
                    Some(cp),
                    "Chi bộ",
                    nc,
                );
                org.slots.push(Slot {
                    unit,
                    cell,
                    head: Head::Commune,
                });
            }
        }
        next_new += communes;
        orgs.push(org);
    }
    (orgs, plan)
}
