<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Dashboard</name>
    <message>
        <source>INSIDE NOW</source>
        <translation>场内人数</translation>
    </message>
    <message>
        <source>of {capacity} capacity · {share}</source>
        <translation>容量 {capacity} · {share}</translation>
    </message>
    <message>
        <source>CHECKED IN</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>NOT YET ARRIVED</source>
        <translation>尚未到场</translation>
    </message>
    <message>
        <source>EXITS</source>
        <translation>离场次数</translation>
    </message>
    <message>
        <source>Organizer dashboard</source>
        <translation>主办方看板</translation>
    </message>
    <message>
        <source>Projector (F11)</source>
        <translation>投影模式 (F11)</translation>
    </message>
    <message>
        <source>Export attendance…</source>
        <translation>导出签到名单…</translation>
    </message>
    <message>
        <source>Save day report…</source>
        <translation>保存当日报告…</translation>
    </message>
    <message>
        <source>Inside now / capacity</source>
        <translation>场内人数 / 容量</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>Registered, not yet arrived</source>
        <translation>已注册、尚未到场</translation>
    </message>
    <message>
        <source>Exits</source>
        <translation>离场次数</translation>
    </message>
    <message>
        <source>Double entries merged</source>
        <translation>合并的重复入场</translation>
    </message>
    <message>
        <source>Red verdicts, last hour</source>
        <translation>近一小时红色拒绝</translation>
    </message>
    <message>
        <source>Arrivals per 5 minutes</source>
        <translation>每 5 分钟到场人数</translation>
    </message>
    <message>
        <source>Inside now over time</source>
        <translation>场内人数变化</translation>
    </message>
    <message>
        <source>By gate</source>
        <translation>按入口</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Desks (silent over 2 minutes in red; scans in the last 15 min)</source>
        <translation>签到台（超过 2 分钟无消息标红；近 15 分钟扫码数）</translation>
    </message>
    <message>
        <source>Red verdicts in the last hour</source>
        <translation>近一小时的红色拒绝</translation>
    </message>
    <message>
        <source>Double entries merged after a partition</source>
        <translation>断网后合并的重复入场</translation>
    </message>
    <message>
        <source>of {n} registered</source>
        <translation>共 {n} 人注册</translation>
    </message>
    <message>
        <source>NOT UPDATING: {error}</source>
        <translation>未在更新：{error}</translation>
    </message>
    <message>
        <source>Loading the store…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>Clock set to {moment} · newest fact {newest}</source>
        <translation>时钟设为 {moment} · 最新记录 {newest}</translation>
    </message>
    <message>
        <source>Live · updated {taken} ({age} s ago) · newest fact {newest}</source>
        <translation>实时 · 更新于 {taken}（{age} 秒前）· 最新记录 {newest}</translation>
    </message>
    <message>
        <source>NOT UPDATING: {error} · last update {taken}</source>
        <translation>未在更新：{error} · 上次更新 {taken}</translation>
    </message>
    <message>
        <source>STALE: no update for {age} s</source>
        <translation>数据过期：已 {age} 秒未更新</translation>
    </message>
    <message>
        <source>hub: in step</source>
        <translation>同步中心：已同步</translation>
    </message>
    <message>
        <source>hub: catching up</source>
        <translation>同步中心：正在追赶</translation>
    </message>
    <message>
        <source>hub OFFLINE: showing this machine&apos;s facts only</source>
        <translation>同步中心离线：仅显示本机记录</translation>
    </message>
    <message>
        <source>Export attendance</source>
        <translation>导出签到名单</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Save day report</source>
        <translation>保存当日报告</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;PNG image (*.png)</source>
        <translation>PDF (*.pdf);;PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Wrote {n} attendees to {path}</source>
        <translation>已将 {n} 名参会者写入 {path}</translation>
    </message>
    <message>
        <source>No numbers yet: wait for the first update</source>
        <translation>尚无数据：请等待第一次更新</translation>
    </message>
    <message>
        <source>Saved the day report to {path}</source>
        <translation>当日报告已保存到 {path}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>DashboardCamera</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
</context>
<context>
    <name>DashboardReason</name>
    <message>
        <source>Unknown badge or ticket</source>
        <translation>未知胸牌或票码</translation>
    </message>
    <message>
        <source>Forged or damaged badge</source>
        <translation>伪造或损坏的胸牌</translation>
    </message>
    <message>
        <source>Badge of another event</source>
        <translation>其他活动的胸牌</translation>
    </message>
    <message>
        <source>Revoked badge (reprinted)</source>
        <translation>已作废胸牌（已补打）</translation>
    </message>
    <message>
        <source>Cancelled or blocked attendee</source>
        <translation>已取消或禁止入场的参会者</translation>
    </message>
    <message>
        <source>Category not allowed at this gate</source>
        <translation>该类别不能走此入口</translation>
    </message>
    <message>
        <source>Gate closed at this time</source>
        <translation>此时入口关闭</translation>
    </message>
    <message>
        <source>Venue full</source>
        <translation>场馆已满</translation>
    </message>
    <message>
        <source>Exit without an entry</source>
        <translation>无入场记录的离场</translation>
    </message>
    <message>
        <source>Not a badge</source>
        <translation>不是胸牌</translation>
    </message>
    <message>
        <source>Could not be recorded</source>
        <translation>无法记录</translation>
    </message>
</context>
<context>
    <name>DashboardReport</name>
    <message>
        <source>Day report</source>
        <translation>当日报告</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… 另有 {n} 条</translation>
    </message>
    <message>
        <source>{title} · {date} · as of {time} · newest fact {newest}</source>
        <translation>{title} · {date} · 截至 {time} · 最新记录 {newest}</translation>
    </message>
    <message>
        <source>Inside now / capacity</source>
        <translation>场内人数 / 容量</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>Registered, not yet arrived</source>
        <translation>已注册、尚未到场</translation>
    </message>
    <message>
        <source>Exits</source>
        <translation>离场次数</translation>
    </message>
    <message>
        <source>Double entries merged</source>
        <translation>合并的重复入场</translation>
    </message>
    <message>
        <source>Red verdicts, last hour</source>
        <translation>近一小时红色拒绝</translation>
    </message>
    <message>
        <source>of {n} registered</source>
        <translation>共 {n} 人注册</translation>
    </message>
    <message>
        <source>Arrivals per 5 minutes</source>
        <translation>每 5 分钟到场人数</translation>
    </message>
    <message>
        <source>Inside now over time</source>
        <translation>场内人数变化</translation>
    </message>
    <message>
        <source>By gate</source>
        <translation>按入口</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Desks (silent over 2 minutes in red)</source>
        <translation>签到台（超过 2 分钟无消息标红）</translation>
    </message>
    <message>
        <source>Refused scans and double entries</source>
        <translation>被拒扫码与重复入场</translation>
    </message>
    <message>
        <source>Red verdicts in the last hour: {n}</source>
        <translation>近一小时红色拒绝：{n}</translation>
    </message>
    <message>
        <source>Red verdicts in the last hour</source>
        <translation>近一小时的红色拒绝</translation>
    </message>
    <message>
        <source>Double entries merged after a partition</source>
        <translation>断网后合并的重复入场</translation>
    </message>
</context>
<context>
    <name>DashboardTable</name>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>入口</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>已到场</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>场内</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>入场次数</translation>
    </message>
    <message>
        <source>Exits</source>
        <translation>离场次数</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>签到台</translation>
    </message>
    <message>
        <source>Last fact</source>
        <translation>最后记录</translation>
    </message>
    <message>
        <source>Quiet for</source>
        <translation>静默时长</translation>
    </message>
    <message>
        <source>SILENT {time}</source>
        <translation>无消息 {time}</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Attendee</source>
        <translation>参会者</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Double entries</source>
        <translation>重复入场</translation>
    </message>
    <message>
        <source>First entry</source>
        <translation>首次入场</translation>
    </message>
</context>
</TS>
