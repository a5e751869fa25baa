<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BadgePrinter</name>
    <message>
        <source>Choose the badge printer</source>
        <translation>选择胸牌打印机</translation>
    </message>
    <message>
        <source>Print preview: {n} badges on {template}</source>
        <translation>打印预览：{n} 张胸牌，模板 {template}</translation>
    </message>
    <message>
        <source>Badge printer ready</source>
        <translation>胸牌打印机就绪</translation>
    </message>
    <message>
        <source>Printing badge…</source>
        <translation>正在打印胸牌…</translation>
    </message>
    <message>
        <source>Badge printer: out of paper</source>
        <translation>胸牌打印机：缺纸</translation>
    </message>
    <message>
        <source>Badge printer offline</source>
        <translation>胸牌打印机离线</translation>
    </message>
    <message>
        <source>Badge printer needs attention</source>
        <translation>胸牌打印机需要处理</translation>
    </message>
    <message>
        <source>No badge printer chosen</source>
        <translation>未选择胸牌打印机</translation>
    </message>
    <message>
        <source> · {n} waiting</source>
        <translation> · {n} 张等待中</translation>
    </message>
</context>
<context>
    <name>Station</name>
    <message>
        <source>Name (as on the badge)</source>
        <translation>姓名（印在胸牌上）</translation>
    </message>
    <message>
        <source>Name in Chinese / other script</source>
        <translation>中文或其他文字姓名</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Email (optional)</source>
        <translation>邮箱（选填）</translation>
    </message>
    <message>
        <source>Phone (optional)</source>
        <translation>电话（选填）</translation>
    </message>
    <message>
        <source>Badge station: {event}</source>
        <translation>胸牌工作台：{event}</translation>
    </message>
    <message>
        <source>Find attendee</source>
        <translation>查找参会者</translation>
    </message>
    <message>
        <source>Register walk-in</source>
        <translation>现场登记</translation>
    </message>
    <message>
        <source>Print badge</source>
        <translation>打印胸牌</translation>
    </message>
    <message>
        <source>Reprint (lost badge)</source>
        <translation>补打（胸牌丢失）</translation>
    </message>
    <message>
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <source>Scan or type a badge code to check it</source>
        <translation>扫描或输入胸牌码以核验</translation>
    </message>
    <message>
        <source>Choose printer…</source>
        <translation>选择打印机…</translation>
    </message>
    <message>
        <source>Template: {name}</source>
        <translation>模板：{name}</translation>
    </message>
    <message>
        <source>Printed today</source>
        <translation>今日已打印</translation>
    </message>
    <message>
        <source>Name, company, phone or email</source>
        <translation>姓名、公司、电话或邮箱</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Check in now at {gate}</source>
        <translation>立即在 {gate} 签到</translation>
    </message>
    <message>
        <source>Register and print badge</source>
        <translation>登记并打印胸牌</translation>
    </message>
    <message>
        <source>Search for a person, or register a walk-in.</source>
        <translation>搜索参会者，或进行现场登记。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>never printed</source>
        <translation>从未打印</translation>
    </message>
    <message>
        <source>version {v} printed</source>
        <translation>第 {v} 版已打印</translation>
    </message>
    <message>
        <source>#{n} · badge version {v} · {printed} · {state}</source>
        <translation>#{n} · 胸牌第 {v} 版 · {printed} · {state}</translation>
    </message>
    <message>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
    <message>
        <source>Printing cancelled.</source>
        <translation>已取消打印。</translation>
    </message>
    <message>
        <source>Printed, but not recorded: {error}</source>
        <translation>已打印，但未能记录：{error}</translation>
    </message>
    <message>
        <source>#{n} is {state}: no badge. Ask a supervisor.</source>
        <translation>#{n} 状态为 {state}：不能发放胸牌。请联系主管。</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Badge for {name} sent to the badge printer.</source>
        <translation>{name} 的胸牌已发送到胸牌打印机。</translation>
    </message>
    <message>
        <source>Badge printed for {name}.</source>
        <translation>已为 {name} 打印胸牌。</translation>
    </message>
    <message>
        <source>Could not issue a new badge: {error}</source>
        <translation>无法签发新胸牌：{error}</translation>
    </message>
    <message>
        <source>reprinted</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>Badge version {old} of #{n} is now revoked: it will scan red at every desk.</source>
        <translation>#{n} 的第 {old} 版胸牌现已作废：在所有签到台扫码都会显示红色。</translation>
    </message>
    <message>
        <source>New badge version {v} sent to the badge printer.</source>
        <translation>新胸牌第 {v} 版已发送到胸牌打印机。</translation>
    </message>
    <message>
        <source>New badge version {v} printed.</source>
        <translation>新胸牌第 {v} 版已打印。</translation>
    </message>
    <message>
        <source>Printer: {name}</source>
        <translation>打印机：{name}</translation>
    </message>
    <message>
        <source>Printer: not chosen</source>
        <translation>打印机：未选择</translation>
    </message>
    <message>
        <source>Check the form: {n} to fix.</source>
        <translation>请检查表单：有 {n} 处需要修改。</translation>
    </message>
    <message>
        <source>Could not register: {error}</source>
        <translation>无法登记：{error}</translation>
    </message>
    <message>
        <source>walk-in</source>
        <translation>现场登记</translation>
    </message>
    <message>
        <source>Registered {name} as #{n}.</source>
        <translation>已登记 {name}，编号 #{n}。</translation>
    </message>
    <message>
        <source>Check-in at {gate}: {status} ({message}).</source>
        <translation>在 {gate} 签到：{status}（{message}）。</translation>
    </message>
    <message>
        <source>Check-in at {gate}: {status}.</source>
        <translation>在 {gate} 签到：{status}。</translation>
    </message>
    <message>
        <source>Current badge of #{n} (version {v}).</source>
        <translation>#{n} 的当前有效胸牌（第 {v} 版）。</translation>
    </message>
    <message>
        <source>Revoked: #{n} version {v} was reprinted (current version {c}). It scans red.</source>
        <translation>已作废：#{n} 的第 {v} 版已补打（当前为第 {c} 版），扫码会显示红色。</translation>
    </message>
    <message>
        <source>Not a badge of this event (forged or another event).</source>
        <translation>不是本活动的胸牌（伪造或属于其他活动）。</translation>
    </message>
    <message>
        <source>No attendee #{n} in this event.</source>
        <translation>本活动没有参会者 #{n}。</translation>
    </message>
    <message>
        <source>Not a badge code.</source>
        <translation>不是胸牌码。</translation>
    </message>
</context>
</TS>
