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
    # the feed index page of `scheduler serve`
    "feeds_title": "日历订阅",
    "feeds_intro": "用手机扫码，或点击“订阅”，把活动安排加入日历；安排调整后会自动更新。",
    "subscribe": "订阅",
    "download": "下载",
    "published_at": "发布时间",
    "revision": "版本",
    "kind_plan": "全部活动",
    "kind_venue": "按地点",
    "kind_group": "按参加人员",
    "kind_category": "按类别",
}
