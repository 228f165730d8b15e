"""Assignees of one task's text: table rows (text, expected (body, role) pairs), and a
regression check on the seeds' gold tasks."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from directive_parser.assignees import find_assignees

L, C = "lead", "cooperate"

ROWS = [
    # --- ministry / government công văn, công điện --------------------------------------------
    ("Giao Bộ Y tế chủ trì, phối hợp với Bộ Tài chính, Bộ Công an hướng dẫn các địa phương triển khai.",
     [("Bộ Y tế", L), ("Bộ Tài chính", C), ("Bộ Công an", C)]),
    ("Bộ Lao động - Thương binh và Xã hội chủ trì, phối hợp với các bộ, ngành liên quan rà soát chính sách.",
     [("Bộ Lao động - Thương binh và Xã hội", L), ("các bộ, ngành liên quan", C)]),
    ("Giao các Bộ: Công an, Tài chính, Tư pháp phối hợp chặt chẽ với Văn phòng Chính phủ theo dõi.",
     [("các Bộ: Công an, Tài chính, Tư pháp", L), ("Văn phòng Chính phủ", C)]),
    ("Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Công điện này; kịp thời báo cáo Thủ tướng Chính phủ.",
     [("Văn phòng Chính phủ", L)]),
    ("Bộ Văn hóa, Thể thao và Du lịch chịu trách nhiệm hướng dẫn tổ chức lễ hội.",
     [("Bộ Văn hóa, Thể thao và Du lịch", L)]),
    ("Yêu cầu Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương khẩn trương rà soát.",
     [("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", L)]),
    # --- province UBND kế hoạch / quyết định -----------------------------------------------------
    ("Sở Y tế chủ trì, phối hợp với Sở Tài chính, UBND các huyện, thành phố tổ chức tiêm chủng.",
     [("Sở Y tế", L), ("Sở Tài chính", C), ("UBND các huyện, thành phố", C)]),
    ("Sở Giáo dục và Đào tạo làm đầu mối, phối hợp với Sở Văn hóa, Thể thao và Du lịch xây dựng kế hoạch.",
     [("Sở Giáo dục và Đào tạo", L), ("Sở Văn hóa, Thể thao và Du lịch", C)]),
    ("Công an tỉnh làm nòng cốt phối hợp với Bộ Chỉ huy Quân sự tỉnh và các lực lượng chức năng tuần tra.",
     [("Công an tỉnh", L), ("Bộ Chỉ huy Quân sự tỉnh", C), ("các lực lượng chức năng", C)]),
    ("Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí thực hiện.", [("Sở Tài chính", L)]),
    ("Sở Nội vụ\nChủ trì, phối hợp với các sở, ngành liên quan thẩm định hồ sơ.",
     [("Sở Nội vụ", L), ("các sở, ngành liên quan", C)]),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố:", [("Ủy ban nhân dân các huyện, thị xã, thành phố", L)]),
    ("Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch UBND các huyện chịu trách nhiệm thi hành Quyết định này.",
     [("Giám đốc các sở", L), ("Thủ trưởng các ban, ngành", L), ("Chủ tịch UBND các huyện", L)]),
    ("Trung tâm Kiểm soát bệnh tật tỉnh hướng dẫn các cơ sở y tế thực hiện giám sát.",
     [("Trung tâm Kiểm soát bệnh tật tỉnh", L)]),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh tăng cường tuyên truyền.",
     [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", L), ("các tổ chức chính trị - xã hội tỉnh", L)]),
    ("Trên cơ sở kế hoạch được phê duyệt, các sở, ban, ngành, địa phương phải xây dựng phương án chi tiết.",
     [("các sở, ban, ngành, địa phương", L)]),
    # --- district / commune công văn ------------------------------------------------------------
    ("UBND các xã, thị trấn tiếp tục chỉ đạo các thôn, bản rà soát.", [("UBND các xã, thị trấn", L)]),
    ("Phòng Tài chính - Kế hoạch huyện",
     [("Phòng Tài chính - Kế hoạch huyện", L)]),
    ("Phối hợp với phòng Tài nguyên và Môi trường, Chi cục Thuế khu vực kiểm tra.",
     [("phòng Tài nguyên và Môi trường", C), ("Chi cục Thuế khu vực", C)]),
    ("Đảng ủy, UBND các xã, thị trấn chỉ đạo các chi bộ thực hiện nghiêm.", [("Đảng ủy, UBND các xã, thị trấn", L)]),
    ("Công an xã phối hợp với Ban Chỉ huy Quân sự xã duy trì lực lượng trực 24/24 giờ.",
     [("Công an xã", L), ("Ban Chỉ huy Quân sự xã", C)]),
    ("Giao Văn phòng HĐND và UBND huyện theo dõi, tổng hợp, báo cáo Chủ tịch UBND huyện.",
     [("Văn phòng HĐND và UBND huyện", L)]),
    # --- Party thông báo / chỉ thị ------------------------------------------------------------------
    ("Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy hướng dẫn tuyên truyền.",
     [("Ban Tuyên giáo Tỉnh ủy", L), ("Ban Dân vận Tỉnh ủy", C)]),
    ("Các cấp ủy, tổ chức đảng từ tỉnh đến cơ sở quán triệt nghiêm túc Chỉ thị.",
     [("Các cấp ủy, tổ chức đảng từ tỉnh đến cơ sở", L)]),
    ("Ban cán sự đảng UBND tỉnh lãnh đạo, chỉ đạo UBND tỉnh ban hành kế hoạch.", [("Ban cán sự đảng UBND tỉnh", L)]),
    ("Đảng đoàn HĐND tỉnh phối hợp với Ban cán sự đảng UBND tỉnh bố trí nguồn lực.",
     [("Đảng đoàn HĐND tỉnh", L), ("Ban cán sự đảng UBND tỉnh", C)]),
    ("Các ban đảng và Văn phòng Huyện ủy căn cứ chức năng, nhiệm vụ theo dõi, đôn đốc.",
     [("Các ban đảng", L), ("Văn phòng Huyện ủy", L)]),
    ("Ủy ban Kiểm tra Tỉnh ủy chủ trì kiểm tra việc thực hiện Chỉ thị; báo cáo Ban Thường vụ Tỉnh ủy.",
     [("Ủy ban Kiểm tra Tỉnh ủy", L)]),
    ("Về công tác cán bộ: Giao Ban Tổ chức Tỉnh ủy tham mưu Ban Thường vụ Tỉnh ủy kiện toàn bộ máy.",
     [("Ban Tổ chức Tỉnh ủy", L)]),
    ("Đối với khu vực biên giới, giao đồng chí Bí thư cấp ủy và Chủ tịch UBND các huyện biên giới trực tiếp chỉ đạo.",
     [("đồng chí Bí thư cấp ủy và Chủ tịch UBND các huyện biên giới", L)]),
    ("Thủ trưởng cơ quan, đơn vị có trách nhiệm phổ biến đến cán bộ, công chức.", [("Thủ trưởng cơ quan, đơn vị", L)]),
    # --- negatives: objects, addressees, sources, persons ---------------------------------------
    ("Tăng cường kiểm tra, đôn đốc UBND các xã triển khai tiêm vắc xin; báo cáo Sở Y tế kết quả.", []),
    ("Chỉ đạo Công an huyện và UBND các xã tăng cường kiểm tra tại các chốt.", []),
    ("Thực hiện nghiêm các biện pháp theo hướng dẫn của Bộ Y tế và chỉ đạo của UBND tỉnh.", []),
    ("Kịp thời đề xuất với UBND tỉnh, Sở Giáo dục và Đào tạo phương án dạy học phù hợp.", []),
    ("Đ/c Nguyễn Văn Hùng, Phó Chủ tịch UBND huyện trực tiếp chỉ đạo.", []),
    ("Trường hợp phát sinh vướng mắc, kịp thời báo cáo Thường trực Huyện ủy để chỉ đạo.", []),
    ("Tổ chức hội nghị sơ kết 6 tháng đầu năm", []),
    ("Các Đoàn kiểm tra chủ động nắm bắt, đôn đốc, yêu cầu các xã tổ chức thực hiện nghiêm.", [("Các Đoàn kiểm tra", L)]),
    ("Cơ quan thực hiện: Sở Tư pháp.", []),
    # --- lost accents, old tone placement, upper case --------------------------------------------
    ("Giao So Y te chu tri, phoi hop voi So Tai chinh va UBND cac huyen trien khai.",
     [("So Y te", L), ("So Tai chinh", C), ("UBND cac huyen", C)]),
    ("Uy ban nhan dan huyen chi dao cac xa thuc hien.", [("Uy ban nhan dan huyen", L)]),
    ("Ban Tuyên giáo Huyện uỷ chủ trì phối hợp với Uỷ ban MTTQ huyện tuyên truyền.",
     [("Ban Tuyên giáo Huyện uỷ", L), ("Uỷ ban MTTQ huyện", C)]),
    ("Các Đoàn kiểm tra của Ban Thường vụ Huyện ủy (theo Quyết định số 120-QĐ/HU ngày 02/3/2022), UBND huyện tăng cường kiểm tra.",
     [("Các Đoàn kiểm tra của Ban Thường vụ Huyện ủy", L), ("UBND huyện", L)]),
    ("Các Tổ công tác theo Quyết định số 45/QĐ-UBND ngày 10/01/2023 của UBND huyện tiếp tục kiểm tra.",
     [("Các Tổ công tác", L)]),
    # --- a name ends at the lower-case verb after it ----------------------------------------
    ("Thanh tra Bộ xây dựng kế hoạch thanh tra chuyên ngành năm 2025, trình Bộ trưởng phê duyệt.",
     [("Thanh tra Bộ", L)]),
    ("Văn phòng Bộ bố trí kinh phí, phương tiện phục vụ Đoàn công tác.", [("Văn phòng Bộ", L)]),
    ("Văn phòng Sở đăng tải Kế hoạch này trên Cổng thông tin điện tử của Sở.", [("Văn phòng Sở", L)]),
    ("Chủ trì, phối hợp với Thanh tra Sở rà soát các dự án chậm tiến độ.", [("Thanh tra Sở", C)]),
    ("UBND các xã vùng cao kiểm đếm số hộ bị thiệt hại, báo cáo về Ban Chỉ huy.", [("UBND các xã vùng cao", L)]),
    ("Các trạm y tế chuẩn bị đủ cơ số thuốc, vật tư phục vụ người dân.", [("Các trạm y tế", L)]),
    ("Các trường mầm non lồng ghép nội dung giáo dục an toàn giao thông vào hoạt động hằng ngày.",
     [("Các trường mầm non", L)]),
    ("Đảng ủy Quân sự huyện lãnh đạo lực lượng dân quân sẵn sàng ứng cứu khi có tình huống.",
     [("Đảng ủy Quân sự huyện", L)]),
    ("Ban cán sự đảng UBND thành phố lãnh đạo UBND thành phố ban hành kế hoạch thực hiện.",
     [("Ban cán sự đảng UBND thành phố", L)]),
    ("Giao Đảng đoàn HĐND xã lãnh đạo Thường trực HĐND xã giám sát việc thực hiện.", [("Đảng đoàn HĐND xã", L)]),
    ("Phòng Giáo dục và Đào tạo huyệnchủ trì, phối hợp với Trạm Y tế các xã kiểm tra bếp ăn bán trú.",
     [("Phòng Giáo dục và Đào tạo huyện", L), ("Trạm Y tế các xã", C)]),
    ("Sở Xây dựng chủ trì, phối hợp với Sở Tài chính thẩm định phương án giá.",
     [("Sở Xây dựng", L), ("Sở Tài chính", C)]),
    ("Giao Ban Quản lý dự án đầu tư xây dựng tỉnh phối hợp với UBND huyện hoàn thành giải phóng mặt bằng.",
     [("Ban Quản lý dự án đầu tư xây dựng tỉnh", L), ("UBND huyện", C)]),
    # --- names cut too early -----------------------------------------------------------------
    ("Các tổ chức cơ sở đảng trực thuộc xây dựng kế hoạch học tập chuyên đề năm 2024.",
     [("Các tổ chức cơ sở đảng trực thuộc", L)]),
    ("Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội xã tuyên truyền đến hội viên.",
     [("Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội xã", L)]),
    ("Văn phòng Ban Chỉ đạo phòng, chống thiên tai và Tìm kiếm cứu nạn huyện tổ chức trực ban nghiêm túc.",
     [("Văn phòng Ban Chỉ đạo phòng, chống thiên tai và Tìm kiếm cứu nạn huyện", L)]),
    ("Yêu cầu Chủ tịch UBND các huyện Kon Plông, Ia H'Drai tập trung chỉ đạo di dời dân.",
     [("Chủ tịch UBND các huyện Kon Plông, Ia H'Drai", L)]),
    ("Đài Truyền hình Việt Nam, Thông tấn xã Việt Nam tăng cường thông tin về chiến dịch tiêm chủng.",
     [("Đài Truyền hình Việt Nam", L), ("Thông tấn xã Việt Nam", L)]),
    ("Công đoàn Viên chức tỉnh phối hợp với Đoàn Khối các cơ quan tỉnh phát động phong trào thi đua.",
     [("Công đoàn Viên chức tỉnh", L), ("Đoàn Khối các cơ quan tỉnh", C)]),
    ("Công chức Văn hóa - Xã hội phường:", [("Công chức Văn hóa - Xã hội phường", L)]),
    ("Phối hợp với Chi hội Cựu chiến binh ấp vận động nhân dân tham gia.", [("Chi hội Cựu chiến binh ấp", C)]),
    ("Trưởng khu phố 1, 2, 3:", [("Trưởng khu phố 1, 2, 3", L)]),
    ("Hạt Kiểm lâm liên huyện chủ trì, phối hợp với Công an các xã tuần tra bảo vệ rừng.",
     [("Hạt Kiểm lâm liên huyện", L), ("Công an các xã", C)]),
    # --- lists ---------------------------------------------------------------------------------
    ("Chủ tịch UBND các phường và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
     [("Chủ tịch UBND các phường", L), ("các ông (bà) có tên tại Điều 1", L)]),
    ("Chủ trì, phối hợp với các sở, ban, ngành và UBND các huyện, thị xã triển khai Kế hoạch.",
     [("các sở, ban, ngành", C), ("UBND các huyện, thị xã", C)]),
    ("Ban Dân vận các huyện ủy, thị ủy, đảng ủy trực thuộc Tỉnh ủy chủ động nắm tình hình nhân dân.",
     [("Ban Dân vận các huyện ủy, thị ủy, đảng ủy trực thuộc Tỉnh ủy", L)]),
    ("Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này.",
     [("Thủ trưởng các cơ quan, đơn vị liên quan", L)]),
    ("Giám đốc các sở: Xây dựng, Tài chính, Công Thương chịu trách nhiệm thi hành Quyết định này.",
     [("Giám đốc các sở: Xây dựng, Tài chính, Công Thương", L)]),
    ("Các phòng, ban, ngành, đoàn thể thị xã, UBND các phường, xã tiếp tục thực hiện nghiêm chỉ đạo.",
     [("Các phòng, ban, ngành, đoàn thể thị xã", L), ("UBND các phường, xã", L)]),
    ("Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Công Thương, UBND các xã có cây ăn quả tổ chức tiêu thụ.",
     [("Sở Nông nghiệp và Môi trường", L), ("Sở Công Thương", C), ("UBND các xã có cây ăn quả", C)]),
    ("Các trường trung học cơ sở chưa có phòng tin học phối hợp với Trung tâm Giáo dục nghề nghiệp huyện bố trí phòng học.",
     [("Các trường trung học cơ sở chưa có phòng tin học", L), ("Trung tâm Giáo dục nghề nghiệp huyện", C)]),
    ("Cán bộ, đảng viên, công chức gương mẫu chấp hành các quy định về phòng, chống tham nhũng.",
     [("Cán bộ, đảng viên, công chức", L)]),
    # --- false positives ---------------------------------------------------------------------
    ("Công an huyện chủ trì xây dựng phương án; tổ chức tuần tra, kiểm soát 24/24 giờ tại các chốt.",
     [("Công an huyện", L)]),
    ("Hướng dẫn các hộ nuôi trồng thủy sản gia cố lồng bè, tổ chức các đội xung kích ứng cứu.", []),
    ("Thường xuyên kiểm tra mạng lưới điện; tổ chức phân luồng giao thông tại các điểm ngập.", []),
    ("Người đứng đầu phải chịu trách nhiệm nếu để xảy ra sai phạm.", []),
    ("UBND tỉnh yêu cầu:", []),
    ("Ngày 10/3/2025, tại trụ sở Sở Y tế, đồng chí Lê Văn Nam, Giám đốc Sở Y tế chủ trì cuộc họp.", []),
    ("Trong năm 2024, các chi bộ trực thuộc đã tập trung lãnh đạo thực hiện nhiệm vụ chính trị.", []),
    ("Tổ kiểm tra được sử dụng con dấu của UBND huyện trong quá trình làm nhiệm vụ.", []),
    ("Các đơn vị phân công cán bộ trực 24/24 giờ trong những ngày nghỉ lễ.", [("Các đơn vị", L)]),
    ("Phân công cán bộ, công chức tham gia các tổ công tác tại cơ sở.", []),
    # --- requests after an opener, cooperation after an object --------------------------------
    ("Đối với các công trình chưa hoàn thành thủ tục đất đai, xây dựng, đề nghị UBND huyện chỉ đạo các phòng chuyên môn hướng dẫn chủ đầu tư.",
     [("UBND huyện", L)]),
    ("Chỉ đạo Phòng Nông nghiệp phối hợp với Trạm Khuyến nông huyện hướng dẫn nông dân gieo cấy.",
     [("Trạm Khuyến nông huyện", C)]),
    ("Công an tỉnh chỉ đạo Công an các huyện nắm tình hình; phối hợp với Bộ Chỉ huy Quân sự tỉnh xử lý các tình huống.",
     [("Công an tỉnh", L), ("Bộ Chỉ huy Quân sự tỉnh", C)]),
    # --- closing formula read as a last paragraph ----------------------------------------------
    ("Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện.\n\nGiám đốc các sở, Chủ tịch UBND các huyện chịu trách nhiệm thi hành Chỉ thị này./.",
     [("Văn phòng UBND tỉnh", L)]),
    ("Giao Văn phòng Huyện ủy theo dõi, tổng hợp.\n\nBan Thường vụ Huyện ủy thông báo để các chi bộ biết, thực hiện.",
     [("Văn phòng Huyện ủy", L)]),
    ("Sở Y tế hướng dẫn chuyên môn.\n\nVăn phòng UBND tỉnh phối hợp với Sở Y tế theo dõi, đôn đốc, tổng hợp, báo cáo UBND tỉnh.",
     [("Sở Y tế", L), ("Văn phòng UBND tỉnh", L), ("Sở Y tế", C)]),
    # --- lost accents among accented words -----------------------------------------------------
    ("Phối hợp với Trung tam Y te huyen tổ chức phun khử khuẩn tại trường học.", [("Trung tam Y te huyen", C)]),
    ("Văn phòng Ban Chỉ huy phòng, chống thiên tai tỉnh trực ban 24/24 giờ.", [("Văn phòng Ban Chỉ huy phòng, chống thiên tai tỉnh", L)]),
    # --- two bodies joined by `và`; names that hold `và` stay whole -------------------------------
    ("Công an huyện chủ trì, phối hợp với Hạt Kiểm lâm và chính quyền địa phương xử lý các vụ vi phạm.",
     [("Công an huyện", L), ("Hạt Kiểm lâm", C), ("chính quyền địa phương", C)]),
    ("Ủy ban nhân dân xã phối hợp với Chi hội Phụ nữ ấp và Chi đoàn Thanh niên ấp đến từng hộ gia đình vận động.",
     [("Ủy ban nhân dân xã", L), ("Chi hội Phụ nữ ấp", C), ("Chi đoàn Thanh niên ấp", C)]),
    ("Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Sở Y tế và Sở Tài chính rà soát đối tượng.",
     [("Sở Lao động - Thương binh và Xã hội", L), ("Sở Y tế", C), ("Sở Tài chính", C)]),
    ("Ban Tuyên giáo và Dân vận Huyện ủy phối hợp với Hội Nông dân xã và Chi hội Cựu chiến binh thôn tuyên truyền.",
     [("Ban Tuyên giáo và Dân vận Huyện ủy", L), ("Hội Nông dân xã", C), ("Chi hội Cựu chiến binh thôn", C)]),
    ("Cấp ủy, chính quyền từ tỉnh đến cơ sở tập trung lãnh đạo công tác phòng, chống dịch.",
     [("Cấp ủy, chính quyền từ tỉnh đến cơ sở", L)]),
    # --- press and web portals, each a body of its own ---------------------------------------------
    ("Báo Hà Tĩnh, Đài Phát thanh - Truyền hình tỉnh, Cổng Thông tin điện tử tỉnh tăng cường tuyên truyền.",
     [("Báo Hà Tĩnh", L), ("Đài Phát thanh - Truyền hình tỉnh", L), ("Cổng Thông tin điện tử tỉnh", L)]),
    ("Báo Lào Cai và Cổng thông tin điện tử tỉnh đăng tải các văn bản chỉ đạo.",
     [("Báo Lào Cai", L), ("Cổng thông tin điện tử tỉnh", L)]),
    ("Trang thông tin điện tử huyện đăng tải đầy đủ văn bản.", [("Trang thông tin điện tử huyện", L)]),
    # --- a sector named by `ngành` and its capitalised field -----------------------------------------
    ("Sở Giáo dục và Đào tạo phối hợp với ngành Y tế hướng dẫn các trường vệ sinh môi trường.",
     [("Sở Giáo dục và Đào tạo", L), ("ngành Y tế", C)]),
    ("Ngành Y tế chủ động theo dõi diễn biến dịch bệnh trên địa bàn.", [("Ngành Y tế", L)]),
    ("Yêu cầu các ngành, các cấp triển khai quyết liệt các biện pháp.", [("các ngành", L), ("các cấp", L)]),
    # --- a name that ends where a verb begins, or holds one capitalised --------------------------------
    ("Sở Y tế sẵn sàng lực lượng, phương tiện cấp cứu người bị nạn.", [("Sở Y tế", L)]),
    ("Giao Văn phòng Đăng ký đất đai tỉnh phối hợp với Phòng Tài nguyên và Môi trường cập nhật hồ sơ.",
     [("Văn phòng Đăng ký đất đai tỉnh", L), ("Phòng Tài nguyên và Môi trường", C)]),
    ("Văn phòng Đăng ký quyền sử dụng đất huyện chủ trì chỉnh lý biến động.",
     [("Văn phòng Đăng ký quyền sử dụng đất huyện", L)]),
    ("Các chủ rừng phối hợp với Hạt Kiểm lâm sở tại tổ chức trực 24/24 giờ.", [("Hạt Kiểm lâm sở tại", C)]),
    # --- after a comma, a bare generic noun is one more member of the list, not a new subject -----------
    ("Là cơ quan thường trực, chủ trì, phối hợp với các cơ quan, đơn vị liên quan tham mưu UBND huyện.",
     [("các cơ quan, đơn vị liên quan", C)]),
    ("Sau khi có ý kiến thẩm định, Sở Tài chính chủ trì trình UBND tỉnh.", [("Sở Tài chính", L)]),
    ("Trong thời hạn 05 ngày kể từ ngày nhận được hồ sơ, cơ quan chuyên môn cấp huyện có trách nhiệm kiểm tra.",
     [("cơ quan chuyên môn cấp huyện", L)]),
    ("Trong 10 ngày kể từ ngày nhận văn bản của Sở Văn hóa và Thể thao, tổ chức, cá nhân có trách nhiệm bổ sung hồ sơ.",
     [("tổ chức, cá nhân", L)]),
    ("Giao Phòng Nội vụ chủ trì, phối hợp với các phòng, ban, đơn vị liên quan có trách nhiệm rà soát.",
     [("Phòng Nội vụ", L), ("các phòng, ban, đơn vị liên quan", C)]),
    # --- `ban ngành` written without a comma is one generic word ----------------------------------
    ("Chủ trì, phối hợp với Sở, ban ngành liên quan kiểm tra việc thực hiện.", [("Sở, ban ngành liên quan", C)]),
    ("Các ban ngành, đoàn thể xã tuyên truyền sâu rộng đến Nhân dân.", [("Các ban ngành, đoàn thể xã", L)]),
]


@pytest.mark.parametrize("text, expected", ROWS, ids=[r[0][:40] for r in ROWS])
def test_find_assignees(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_assignees(text)
    assert [(a.body, a.role) for a in found] == expected
    for a in found:
        assert text[a.span[0] : a.span[1]].startswith(a.body.split()[0])


def test_spans_carry_the_offset() -> None:
    text = "Sở Y tế chủ trì, phối hợp với Sở Tài chính."
    plain = find_assignees(text)
    shifted = find_assignees(text, offset=100)
    assert [(a.span[0] + 100, a.span[1] + 100) for a in plain] == [a.span for a in shifted]
    assert text[plain[1].span[0] : plain[1].span[1]] == "Sở Tài chính"


def test_canonical_key_joins_spellings() -> None:
    keys = {a.body_canonical for a in find_assignees("UBND quận chủ trì, phối hợp với Uỷ ban nhân dân quận.")}
    assert keys == {"uỷ ban nhân dân quận"}


# --- regression on the seeds: gold tasks' assignees against the full item texts ----------------

ROOT = Path(__file__).resolve().parents[1] / "corpus"
_MARK = re.compile(r"^\s*(?:\d+(?:\.\d+)*[./)]|\(\d+\)|[a-zđ]\)|[IVX]+\.|[-–+•]|\d+/)\s*")
_CLOSING = re.compile(r"\./\.?\s*$|\./\s*$|[^.]/\s*$")


def _norm(s: str) -> str:
    """The scorer's `norm` (RECORDS.md): NFC, no emphasis, one space, no list mark or trailing
    punctuation, lower case, tone on the second vowel of oa/oe/uy."""
    s = unicodedata.normalize("NFC", s).replace("*", "").replace("_", "")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^[-–•+]\s*", "", s).rstrip(",;.:").lower()
    s = unicodedata.normalize("NFD", s)
    s = re.sub(r"([ou])([\u0300\u0301\u0303\u0309\u0323])([aey])", r"\1\3\2", s)
    return unicodedata.normalize("NFC", s)


def _item_text(paragraphs: list[str], gold_text: str) -> str | None:
    """The item whose text starts like the gold's, with its unmarked continuation paragraphs
    (up to the next mark, `Nơi nhận`, a `Nguồn:` line or a closing formula ending in `./.`)."""
    start = _norm(gold_text)[:40]
    for i, para in enumerate(paragraphs):
        body = _MARK.sub("", para.replace("*", ""), count=1)
        if not _norm(body).startswith(start):
            continue
        lines = [body]
        for nxt in paragraphs[i + 1 :]:
            if _MARK.match(nxt) or re.match(r"\s*(Nơi nhận|Nguồn)", nxt) or _CLOSING.search(nxt.strip()):
                break
            lines.append(nxt)
        return "\n".join(lines)
    return None


def _tasks(doc: dict):
    yield from doc.get("tasks", [])
    for attachment in doc.get("attachments", []):
        yield from _tasks(attachment)


def _seed_f1(gold_path: Path) -> float:
    doc = json.loads(gold_path.read_text(encoding="utf-8"))
    seed = ROOT / "seeds" / (gold_path.stem + ".txt")
    paragraphs = [p for p in seed.read_text(encoding="utf-8").split("\n") if p.strip()]
    gold, predicted = set(), set()
    for task in _tasks(doc):
        text = _item_text(paragraphs, task["text"])
        assert text is not None, task["id"]
        gold |= {(_norm(a["body"]), a["role"]) for a in task.get("assignees", [])}
        predicted |= {(_norm(a.body), a.role) for a in find_assignees(text)}
    tp = len(gold & predicted)
    if not gold and not predicted:
        return 1.0
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    return 2 * precision * recall / (precision + recall) if tp else 0.0


@pytest.mark.parametrize("gold_path", sorted((ROOT / "gold").glob("*.json")), ids=lambda p: p.stem[:3])
def test_seed_assignees_f1(gold_path: Path) -> None:
    assert _seed_f1(gold_path) >= 0.85
