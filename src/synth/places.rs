//! Hometowns: a hand-picked sample of communes from the 2025 crosswalk (statistics
//! office list and the national merger map, MIT, Tran Ngoc Minh Hieu), each with its
//! old name (commune, district, province) and its post-2025 name (commune, province),
//! so rosters can write one person's hometown the old way in one file and the new way
//! in the other, as real exports do.

/// One commune: old province code (two digits, as in CCCD), old names, new names.
pub struct Place {
    pub province_code: &'static str,
    pub old_ward: &'static str,
    pub old_district: &'static str,
    pub old_province: &'static str,
    pub new_ward: &'static str,
    pub new_province: &'static str,
}

/// Tab-separated: code, old ward, old district, old province, new ward, new province.
const TABLE: &str = "\
30\tXã Tam Kỳ\tHuyện Kim Thành\tTỉnh Hải Dương\tXã Kim Thành\tThành phố Hải Phòng\n\
30\tPhường Tân Dân\tThành phố Chí Linh\tTỉnh Hải Dương\tPhường Lê Đại Hành\tThành phố Hải Phòng\n\
30\tXã Ngọc Liên\tHuyện Cẩm Giàng\tTỉnh Hải Dương\tXã Cẩm Giàng\tThành phố Hải Phòng\n\
30\tXã Tứ Cường\tHuyện Thanh Miện\tTỉnh Hải Dương\tXã Thanh Miện\tThành phố Hải Phòng\n\
30\tPhường Ái Quốc\tThành phố Hải Dương\tTỉnh Hải Dương\tPhường Ái Quốc\tThành phố Hải Phòng\n\
30\tXã Liên Hồng\tThành phố Hải Dương\tTỉnh Hải Dương\tPhường Thạch Khôi\tThành phố Hải Phòng\n\
30\tXã Văn Tố\tHuyện Tứ Kỳ\tTỉnh Hải Dương\tXã Chí Minh\tThành phố Hải Phòng\n\
30\tPhường Bến Tắm\tThành phố Chí Linh\tTỉnh Hải Dương\tPhường Nguyễn Trãi\tThành phố Hải Phòng\n\
30\tXã Thanh Sơn\tHuyện Thanh Hà\tTỉnh Hải Dương\tXã Thanh Hà\tThành phố Hải Phòng\n\
30\tXã Bình Xuyên\tHuyện Ninh Giang\tTỉnh Hải Dương\tXã Khúc Thừa Dụ\tThành phố Hải Phòng\n\
31\tPhường Dư Hàng Kênh\tQuận Lê Chân\tThành phố Hải Phòng\tPhường Lê Chân\tThành phố Hải Phòng\n\
31\tXã Trường Thành\tHuyện An Lão\tThành phố Hải Phòng\tXã An Trường\tThành phố Hải Phòng\n\
31\tPhường Vạn Mỹ\tQuận Ngô Quyền\tThành phố Hải Phòng\tPhường Ngô Quyền\tThành phố Hải Phòng\n\
31\tPhường Ngọc Sơn\tQuận Kiến An\tThành phố Hải Phòng\tPhường Phù Liễn\tThành phố Hải Phòng\n\
31\tXã Liên Am\tHuyện Vĩnh Bảo\tThành phố Hải Phòng\tXã Vĩnh Am\tThành phố Hải Phòng\n\
31\tXã Tân Hưng\tHuyện Vĩnh Bảo\tThành phố Hải Phòng\tXã Vĩnh Bảo\tThành phố Hải Phòng\n\
31\tPhường Đằng Lâm\tQuận Hải An\tThành phố Hải Phòng\tPhường Hải An\tThành phố Hải Phòng\n\
31\tXã Tân Viên\tHuyện An Lão\tThành phố Hải Phòng\tXã An Khánh\tThành phố Hải Phòng\n\
31\tPhường Bắc Hà\tQuận Kiến An\tThành phố Hải Phòng\tPhường Phù Liễn\tThành phố Hải Phòng\n\
31\tXã Tân Liên\tHuyện Vĩnh Bảo\tThành phố Hải Phòng\tXã Vĩnh Bảo\tThành phố Hải Phòng\n\
34\tXã Đông Thọ\tThành phố Thái Bình\tTỉnh Thái Bình\tPhường Trà Lý\tTỉnh Hưng Yên\n\
34\tXã Hồng Tiến\tHuyện Kiến Xương\tTỉnh Thái Bình\tXã Bình Định\tTỉnh Hưng Yên\n\
34\tXã Hòa An\tHuyện Thái Thụy\tTỉnh Thái Bình\tXã Thái Ninh\tTỉnh Hưng Yên\n\
34\tXã Quỳnh Khê\tHuyện Quỳnh Phụ\tTỉnh Thái Bình\tXã Nguyễn Du\tTỉnh Hưng Yên\n\
34\tXã Cộng Hòa\tHuyện Hưng Hà\tTỉnh Thái Bình\tXã Ngự Thiên\tTỉnh Hưng Yên\n\
33\tThị trấn Như Quỳnh\tHuyện Văn Lâm\tTỉnh Hưng Yên\tXã Như Quỳnh\tTỉnh Hưng Yên\n\
33\tXã Vĩnh Xá\tHuyện Kim Động\tTỉnh Hưng Yên\tXã Nghĩa Dân\tTỉnh Hưng Yên\n\
33\tXã Hùng Cường\tThành phố Hưng Yên\tTỉnh Hưng Yên\tPhường Sơn Nam\tTỉnh Hưng Yên\n\
33\tPhường Phùng Chí Kiên\tThị xã Mỹ Hào\tTỉnh Hưng Yên\tPhường Đường Hào\tTỉnh Hưng Yên\n\
36\tPhường Mỹ Xá\tThành phố Nam Định\tTỉnh Nam Định\tPhường Thành Nam\tTỉnh Ninh Bình\n\
36\tXã Giao Châu\tHuyện Giao Thủy\tTỉnh Nam Định\tXã Giao Hưng\tTỉnh Ninh Bình\n\
36\tXã Vĩnh Hào\tHuyện Vụ Bản\tTỉnh Nam Định\tXã Liên Minh\tTỉnh Ninh Bình\n\
36\tXã Phúc Thắng\tHuyện Nghĩa Hưng\tTỉnh Nam Định\tXã Rạng Đông\tTỉnh Ninh Bình\n\
22\tXã Đồn Đạc\tHuyện Ba Chẽ\tTỉnh Quảng Ninh\tXã Ba Chẽ\tTỉnh Quảng Ninh\n\
22\tXã Hải Đông\tThành phố Móng Cái\tTỉnh Quảng Ninh\tPhường Móng Cái 3\tTỉnh Quảng Ninh\n\
22\tPhường Quảng Yên\tThị xã Quảng Yên\tTỉnh Quảng Ninh\tPhường Quảng Yên\tTỉnh Quảng Ninh\n\
01\tXã Vân Hà\tHuyện Đông Anh\tThành phố Hà Nội\tXã Thư Lâm\tThành phố Hà Nội\n\
01\tXã Liên Bạt\tHuyện Ứng Hòa\tThành phố Hà Nội\tXã Ứng Thiên\tThành phố Hà Nội\n\
01\tXã Song Phượng\tHuyện Đan Phượng\tThành phố Hà Nội\tXã Đan Phượng\tThành phố Hà Nội\n\
38\tXã Thành Tiến\tHuyện Thạch Thành\tTỉnh Thanh Hóa\tXã Kim Tân\tTỉnh Thanh Hóa\n\
38\tXã Thiết Kế\tHuyện Bá Thước\tTỉnh Thanh Hóa\tXã Thiết Ống\tTỉnh Thanh Hóa\n\
40\tXã Đặng Sơn\tHuyện Đô Lương\tTỉnh Nghệ An\tXã Đô Lương\tTỉnh Nghệ An\n\
40\tXã Bài Sơn\tHuyện Đô Lương\tTỉnh Nghệ An\tXã Lương Sơn\tTỉnh Nghệ An\n\
91\tXã Tân An\tHuyện Tân Hiệp\tTỉnh Kiên Giang\tXã Tân Hội\tTỉnh An Giang\n\
91\tXã Hưng Yên\tHuyện An Biên\tTỉnh Kiên Giang\tXã An Biên\tTỉnh An Giang\n\
91\tXã Sơn Hải\tHuyện Kiên Lương\tTỉnh Kiên Giang\tXã Sơn Hải\tTỉnh An Giang\n\
91\tXã Tân Khánh Hòa\tHuyện Giang Thành\tTỉnh Kiên Giang\tXã Giang Thành\tTỉnh An Giang\n\
91\tXã Tiên Hải\tThành phố Hà Tiên\tTỉnh Kiên Giang\tXã Tiên Hải\tTỉnh An Giang\n\
91\tPhường Mỹ Đức\tThành phố Hà Tiên\tTỉnh Kiên Giang\tPhường Hà Tiên\tTỉnh An Giang\n\
91\tXã Mong Thọ A\tHuyện Châu Thành\tTỉnh Kiên Giang\tXã Thạnh Lộc\tTỉnh An Giang\n\
91\tXã Thổ Châu\tThành phố Phú Quốc\tTỉnh Kiên Giang\tĐặc khu Thổ Châu\tTỉnh An Giang\n\
91\tXã Hòa Chánh\tHuyện U Minh Thượng\tTỉnh Kiên Giang\tXã Vĩnh Hòa\tTỉnh An Giang\n\
91\tXã Vân Khánh Đông\tHuyện An Minh\tTỉnh Kiên Giang\tXã Đông Hưng\tTỉnh An Giang\n\
89\tPhường Thới Sơn\tThị xã Tịnh Biên\tTỉnh An Giang\tPhường Thới Sơn\tTỉnh An Giang\n\
89\tXã Kiến An\tHuyện Chợ Mới\tTỉnh An Giang\tXã Chợ Mới\tTỉnh An Giang\n\
89\tXã Thoại Giang\tHuyện Thoại Sơn\tTỉnh An Giang\tXã Thoại Sơn\tTỉnh An Giang\n\
89\tXã Vĩnh Thành\tHuyện Châu Thành\tTỉnh An Giang\tXã An Châu\tTỉnh An Giang\n\
89\tXã Lê Trì\tHuyện Tri Tôn\tTỉnh An Giang\tXã Ba Chúc\tTỉnh An Giang\n\
89\tPhường Chi Lăng\tThị xã Tịnh Biên\tTỉnh An Giang\tPhường Chi Lăng\tTỉnh An Giang\n\
89\tXã Khánh Hòa\tHuyện Châu Phú\tTỉnh An Giang\tXã Mỹ Đức\tTỉnh An Giang\n\
89\tXã Long Hòa\tHuyện Phú Tân\tTỉnh An Giang\tXã Phú Lâm\tTỉnh An Giang\n\
89\tThị trấn Cái Dầu\tHuyện Châu Phú\tTỉnh An Giang\tXã Châu Phú\tTỉnh An Giang\n\
89\tThị trấn Long Bình\tHuyện An Phú\tTỉnh An Giang\tXã Khánh Bình\tTỉnh An Giang\n\
92\tXã Trường Xuân A\tHuyện Thới Lai\tThành phố Cần Thơ\tXã Trường Xuân\tThành phố Cần Thơ\n\
92\tThị trấn Vĩnh Thạnh\tHuyện Vĩnh Thạnh\tThành phố Cần Thơ\tXã Vĩnh Thạnh\tThành phố Cần Thơ\n\
92\tXã Đông Thuận\tHuyện Thới Lai\tThành phố Cần Thơ\tXã Đông Thuận\tThành phố Cần Thơ\n\
92\tThị trấn Thới Lai\tHuyện Thới Lai\tThành phố Cần Thơ\tXã Thới Lai\tThành phố Cần Thơ\n\
87\tThị trấn Thanh Bình\tHuyện Thanh Bình\tTỉnh Đồng Tháp\tXã Thanh Bình\tTỉnh Đồng Tháp\n\
87\tXã Hòa Thành\tHuyện Lai Vung\tTỉnh Đồng Tháp\tXã Tân Dương\tTỉnh Đồng Tháp\n\
87\tXã Phong Mỹ\tHuyện Cao Lãnh\tTỉnh Đồng Tháp\tXã Phong Mỹ\tTỉnh Đồng Tháp\n\
87\tXã Tân Quy Tây\tThành phố Sa Đéc\tTỉnh Đồng Tháp\tPhường Sa Đéc\tTỉnh Đồng Tháp\n\
96\tXã Khánh An\tHuyện U Minh\tTỉnh Cà Mau\tXã Khánh An\tTỉnh Cà Mau\n\
96\tXã Tam Giang\tHuyện Năm Căn\tTỉnh Cà Mau\tXã Tam Giang\tTỉnh Cà Mau\n\
96\tXã Tân Duyệt\tHuyện Đầm Dơi\tTỉnh Cà Mau\tXã Đầm Dơi\tTỉnh Cà Mau\n\
95\tXã Vĩnh Phú Tây\tHuyện Phước Long\tTỉnh Bạc Liêu\tXã Vĩnh Phước\tTỉnh Cà Mau\n\
95\tXã Phong Thạnh Tây\tThị xã Giá Rai\tTỉnh Bạc Liêu\tXã Phong Thạnh\tTỉnh Cà Mau\n\
94\tXã Phong Nẫm\tHuyện Kế Sách\tTỉnh Sóc Trăng\tXã Phong Nẫm\tThành phố Cần Thơ\n\
94\tXã Hòa Tú 2\tHuyện Mỹ Xuyên\tTỉnh Sóc Trăng\tXã Hòa Tú\tThành phố Cần Thơ\n\
94\tThị trấn Mỹ Xuyên\tHuyện Mỹ Xuyên\tTỉnh Sóc Trăng\tPhường Mỹ Xuyên\tThành phố Cần Thơ\n\
79\tPhường Thới An\tQuận 12\tThành phố Hồ Chí Minh\tPhường Thới An\tThành phố Hồ Chí Minh\n\
79\tPhường Bình Trị Đông B\tQuận Bình Tân\tThành phố Hồ Chí Minh\tPhường An Lạc\tThành phố Hồ Chí Minh\n\
";

/// Every place, parsed once.
pub fn all() -> &'static [Place] {
    static PLACES: std::sync::OnceLock<Vec<Place>> = std::sync::OnceLock::new();
    PLACES.get_or_init(|| {
        TABLE
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(Place {
                    province_code: f.next()?,
                    old_ward: f.next()?,
                    old_district: f.next()?,
                    old_province: f.next()?,
                    new_ward: f.next()?,
                    new_province: f.next()?,
                })
            })
            .collect()
    })
}

/// Lower-case the type word the way clerks write it: "Xã An Lâm" → "xã An Lâm",
/// "Thành phố Hải Phòng" → "TP Hải Phòng" when `short`.
fn lower_type(name: &str, short: bool) -> String {
    for (long, abbr) in [
        ("Thành phố ", "TP "),
        ("Thị trấn ", "thị trấn "),
        ("Thị xã ", "thị xã "),
        ("Đặc khu ", "đặc khu "),
    ] {
        if let Some(rest) = name.strip_prefix(long) {
            let word = if short { abbr } else { &long.to_lowercase() };
            return format!("{word}{rest}");
        }
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Place {
    /// "xã Tam Kỳ, huyện Kim Thành, tỉnh Hải Dương".
    pub fn old_form(&self) -> String {
        format!(
            "{}, {}, {}",
            lower_type(self.old_ward, false),
            lower_type(self.old_district, false),
            lower_type(self.old_province, false)
        )
    }
    /// "xã Kim Thành, TP Hải Phòng".
    pub fn new_form(&self) -> String {
        format!(
            "{}, {}",
            lower_type(self.new_ward, false),
            lower_type(self.new_province, true)
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn forms_read_like_a_clerk_wrote_them() {
        let p = &super::all()[0];
        assert_eq!(p.old_form(), "xã Tam Kỳ, huyện Kim Thành, tỉnh Hải Dương");
        assert_eq!(p.new_form(), "xã Kim Thành, TP Hải Phòng");
        assert!(super::all().len() > 70);
    }
}
