"""Words the outputs show to members and planners (calendar text, the summary).

Plans are written in Chinese, so outputs speak Chinese by default; code and logs stay
in English. One table, so a translation is one more entry.
"""

from __future__ import annotations

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
MONTHS = (
    "一月份",
    "二月份",
    "三月份",
    "四月份",
    "五月份",
    "六月份",
    "七月份",
    "八月份",
    "九月份",
    "十月份",
    "十一月份",
    "十二月份",
)

LABELS = {
    "staff": "工作人员",
    "audience": "参加",
    "notes": "备注",
    "owner": "责任人",
    "all_day": "全天",
    "matches": "场",
    "provisional": "暂定",
    "provisional_banner": (
        "暂定安排：本年度尚无国务院办公厅放假通知，节假日按法定规则推算，无调休。"
    ),
    "month": "月份",
    "date": "日期",
    "time": "时间",
    "title": "活动内容",
    "venue": "地点",
    "deadline": "截止",
    "reminder": "提醒",
    # the feed index page of `scheduler serve` (with VIEW_LABELS' feed names)
    "feeds_intro": "用手机扫码，或点击“订阅”，把活动安排加入日历；安排调整后会自动更新。",
    "subscribe_feed": "订阅",
    "download": "下载",
    "published_at": "发布时间",
    "revision": "版本",
    "winner": "胜者",
    "loser": "负者",
    "group_rank": "{group}组第{rank}名",
    "to_be_decided": "待定",
    "entrant": "选手{n}",
}

# The year view (index.html), the spreadsheet (plan.xlsx) and `scheduler import`.
VIEW_LABELS = {
    "all": "全部",
    "category": "类别",
    "audience_column": "参加对象",
    "uncategorised": "其他",
    "weekday": "星期",
    "id": "编号",
    "filters": "筛选",
    "shown": "显示",
    "items": "项",
    "hours": "小时",
    "closed": "停用",
    "holiday_mark": "休",
    "makeup_mark": "班",
    "holiday_legend": "法定节假日",
    "makeup_legend": "调休上班",
    "weekend_legend": "周末",
    "named_legend": "节日、纪念日",
    "deadline_legend": "截止事项",
    "heatmap": "场地使用（按周）",
    "heatmap_note": (
        "每格为一周，颜色越深越忙（最深为全年最忙的一周）；悬停可见已安排时长及其占可用时长的比例；"
        "点击一行按该场地筛选。"
    ),
    "warnings": "提示",
    "no_warnings": "无",
    "score": "评分明细",
    "rule": "规则",
    "rule_type": "类型",
    "weight": "权重",
    "units": "违反单位",
    "penalty": "罚分",
    "involved": "涉及活动",
    "no_rules": "本计划没有带权重的规则。",
    "status": "求解结果",
    "optimal": "最优",
    "feasible": "可行（未证明最优）",
    "objective": "总罚分",
    "bound": "下界",
    "feeds": "订阅日历",
    "feeds_note": "日历文件与本页位于同一目录；在手机或电脑的日历应用中订阅。",
    "whole_plan": "全部活动",
    "feed_venue": "场地",
    "feed_group": "参加对象",
    "feed_staff": "工作人员",
    "feed_category": "类别",
    "subscribe": "订阅当前筛选",
    "close": "关闭",
    "sheet_plan": "工作计划表",
    "until": "至",
    "days": "天",
}

# Chinese names of the named dates that calendar plugins provide (plan-format.md,
# "Named dates"); a name not listed here is shown as it is written.
NAMED_DATES = {
    "new_year": "元旦",
    "laba": "腊八",
    "chuxi": "除夕",
    "spring_festival": "春节",
    "lantern_festival": "元宵节",
    "womens_day": "妇女节",
    "arbor_day": "植树节",
    "qingming": "清明",
    "labour_day": "劳动节",
    "youth_day": "青年节",
    "nurses_day": "护士节",
    "childrens_day": "儿童节",
    "dragon_boat": "端午节",
    "summer_solstice": "夏至",
    "party_day": "建党节",
    "army_day": "建军节",
    "start_of_autumn": "立秋",
    "qixi": "七夕",
    "doctors_day": "医师节",
    "teachers_day": "教师节",
    "mid_autumn": "中秋节",
    "national_day": "国庆节",
    "double_ninth": "重阳节",
    "winter_solstice": "冬至",
}
