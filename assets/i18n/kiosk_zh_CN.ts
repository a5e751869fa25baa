<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Camera</name>
    <message>
        <source>Camera lost: retrying. Use the USB scanner or search.</source>
        <translation>摄像头断开：正在重试。请使用扫码枪或搜索。</translation>
    </message>
    <message>
        <source>No camera: use the USB scanner or search.</source>
        <translation>无摄像头：请使用扫码枪或搜索。</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <source>Camera stopped.</source>
        <translation>摄像头已停止。</translation>
    </message>
</context>
<context>
    <name>Counters</name>
    <message>
        <source>ENTRY</source>
        <translation>入场</translation>
    </message>
    <message>
        <source>EXIT</source>
        <translation>离场</translation>
    </message>
    <message>
        <source>Checked in {n}</source>
        <translation>已签到 {n}</translation>
    </message>
    <message>
        <source>Inside {n} / {capacity}</source>
        <translation>场内 {n} / {capacity}</translation>
    </message>
    <message>
        <source>This desk, 15 min: {n}</source>
        <translation>本台 15 分钟：{n}</translation>
    </message>
    <message>
        <source>Undo last scan</source>
        <translation>撤销上一次扫描</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>Kiosk</name>
    <message>
        <source>No audio output on this machine: the kiosk is silent</source>
        <translation>本机没有音频输出：签到台将静音运行</translation>
    </message>
    <message>
        <source>Nothing to undo at this desk</source>
        <translation>本台没有可撤销的扫描</translation>
    </message>
    <message>
        <source>Undid the last scan: {word} {who}</source>
        <translation>已撤销上一次扫描：{word} {who}</translation>
    </message>
    <message>
        <source>{fps:.0f} frames/s · {codes:.1f} codes/s</source>
        <translation>{fps:.0f} 帧/秒 · {codes:.1f} 码/秒</translation>
    </message>
    <message>
        <source>Store: {problem}</source>
        <translation>数据存储：{problem}</translation>
    </message>
    <message>
        <source>Store OK · {n} to sync</source>
        <translation>存储正常 · 待同步 {n}</translation>
    </message>
    <message>
        <source>Sync: local only</source>
        <translation>同步：仅本地</translation>
    </message>
    <message>
        <source>Sync: connected · {n} to send · {time}</source>
        <translation>同步：已连接 · 待发送 {n} · {time}</translation>
    </message>
    <message>
        <source>Sync: hub unreachable · {n} waiting</source>
        <translation>同步：无法连接中心 · 等待 {n}</translation>
    </message>
    <message>
        <source>Camera: none</source>
        <translation>摄像头：无</translation>
    </message>
    <message>
        <source>Camera: starting</source>
        <translation>摄像头：启动中</translation>
    </message>
    <message>
        <source>Camera: running</source>
        <translation>摄像头：运行中</translation>
    </message>
    <message>
        <source>Camera: lost, retrying</source>
        <translation>摄像头：已断开，重试中</translation>
    </message>
    <message>
        <source>Camera: stopped</source>
        <translation>摄像头：已停止</translation>
    </message>
    <message>
        <source>Camera lost: keep going with the USB scanner or search</source>
        <translation>摄像头断开：请继续使用扫码枪或搜索</translation>
    </message>
    <message>
        <source>Self-service check-in</source>
        <translation>自助签到</translation>
    </message>
    <message>
        <source>Check-in desk</source>
        <translation>签到台</translation>
    </message>
    <message>
        <source>DEMO: a simulated camera and made-up attendees · operator PIN 2026</source>
        <translation>演示：模拟摄像头与虚构参会者 · 操作员密码 2026</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <source>Entered at {time} through {gate} ({desk}); no exit since</source>
        <translation>已于 {time} 从 {gate} 入场（{desk}），之后未离场</translation>
    </message>
    <message>
        <source>Attention: {why}</source>
        <translation>请注意：{why}</translation>
    </message>
    <message>
        <source>Venue nearly full: {inside} / {capacity}</source>
        <translation>场馆即将满员：{inside} / {capacity}</translation>
    </message>
    <message>
        <source>No attendee has this badge or ticket</source>
        <translation>没有参会者持有此证件或门票</translation>
    </message>
    <message>
        <source>The code does not verify: forged or damaged badge</source>
        <translation>验证失败：证件伪造或损坏</translation>
    </message>
    <message>
        <source>Badge of another event ({prefix})</source>
        <translation>其他活动的证件（{prefix}）</translation>
    </message>
    <message>
        <source>Old badge version {scanned}: version {current} is current</source>
        <translation>旧版证件（第 {scanned} 版）：当前有效为第 {current} 版</translation>
    </message>
    <message>
        <source>Registration {state}: send to the help desk</source>
        <translation>报名{state}：请前往服务台</translation>
    </message>
    <message>
        <source>{category} may not use this gate: go to {gates}</source>
        <translation>{category}不能走此通道：请前往 {gates}</translation>
    </message>
    <message>
        <source>This gate is closed now; open {hours}</source>
        <translation>此通道现在关闭；开放时间 {hours}</translation>
    </message>
    <message>
        <source>Venue full: {inside} / {capacity} inside</source>
        <translation>场馆已满：场内 {inside} / {capacity}</translation>
    </message>
    <message>
        <source>No entry recorded: exit not counted</source>
        <translation>没有入场记录：离场不计</translation>
    </message>
    <message>
        <source>This code is not a badge of this event</source>
        <translation>此码不是本活动的证件</translation>
    </message>
    <message>
        <source>Same badge read again: counted once ({previous})</source>
        <translation>同一证件重复读取：只计一次（{previous}）</translation>
    </message>
    <message>
        <source>Could not record the scan: call a supervisor ({detail})</source>
        <translation>无法记录此次扫描：请联系负责人（{detail}）</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>已禁止</translation>
    </message>
    <message>
        <source>no gate</source>
        <translation>无可用通道</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>Lost badge? Search by name, company, phone or email</source>
        <translation>证件丢失？按姓名、公司、电话或邮箱搜索</translation>
    </message>
    <message>
        <source>Type to search; Enter checks in</source>
        <translation>输入即搜索；回车签到</translation>
    </message>
</context>
<context>
    <name>SelfService</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Please scan your badge</source>
        <translation>请扫描您的胸牌</translation>
    </message>
    <message>
        <source>Hold the QR code up to the camera</source>
        <translation>请将二维码对准摄像头</translation>
    </message>
    <message>
        <source>Hold the QR code under the scanner</source>
        <translation>请将二维码放在扫描器下方</translation>
    </message>
    <message>
        <source>Goodbye</source>
        <translation>再见</translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation>您已签到</translation>
    </message>
    <message>
        <source>Thank you for coming</source>
        <translation>感谢您的光临</translation>
    </message>
    <message>
        <source>You are already checked in</source>
        <translation>您已签到过了</translation>
    </message>
    <message>
        <source>Need a new badge? Please see the help desk</source>
        <translation>需要新胸牌？请前往服务台</translation>
    </message>
    <message>
        <source>Please see the help desk</source>
        <translation>请前往服务台</translation>
    </message>
    <message>
        <source>We cannot check you in at this screen</source>
        <translation>无法在此自助签到</translation>
    </message>
    <message>
        <source>Please also stop by the help desk</source>
        <translation>另请前往服务台</translation>
    </message>
    <message>
        <source>Your badge is printing: please take it from the printer</source>
        <translation>您的胸牌正在打印：请在打印机处领取</translation>
    </message>
    <message>
        <source>Your badge is delayed: please see the help desk</source>
        <translation>您的胸牌暂时无法打印：请前往服务台</translation>
    </message>
    <message>
        <source>Your badge could not be printed: please see the help desk</source>
        <translation>您的胸牌打印失败：请前往服务台</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Gate this desk guards</source>
        <translation>本台负责的通道</translation>
    </message>
    <message>
        <source>Entry or exit</source>
        <translation>入场或离场</translation>
    </message>
    <message>
        <source>Camera number (0 is the first camera)</source>
        <translation>摄像头编号（0 为第一个）</translation>
    </message>
    <message>
        <source>Play a tone for each verdict</source>
        <translation>每次判定播放提示音</translation>
    </message>
    <message>
        <source>Seconds a verdict stays on screen</source>
        <translation>判定结果显示秒数</translation>
    </message>
    <message>
        <source>Seconds the self-service screen shows a verdict</source>
        <translation>自助签到屏幕显示结果秒数</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Operator PIN</source>
        <translation>管理员密码</translation>
    </message>
    <message>
        <source>Enter the operator PIN to change settings</source>
        <translation>输入管理员密码以更改设置</translation>
    </message>
    <message>
        <source>Too many wrong PINs: locked for {seconds} s</source>
        <translation>密码错误次数过多：锁定 {seconds} 秒</translation>
    </message>
    <message>
        <source>Wrong PIN: {tries} tries left</source>
        <translation>密码错误：还可尝试 {tries} 次</translation>
    </message>
    <message>
        <source>Desk settings</source>
        <translation>签到台设置</translation>
    </message>
    <message>
        <source>The demo PIN is in use: set your own with &apos;checkin kiosk --set-pin&apos;</source>
        <translation>正在使用演示密码：请用 &apos;checkin kiosk --set-pin&apos; 设置自己的密码</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <source>Quit the kiosk</source>
        <translation>退出签到台</translation>
    </message>
    <message>
        <source>entry</source>
        <translation>入场</translation>
    </message>
    <message>
        <source>exit</source>
        <translation>离场</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <source>WELCOME</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>GOODBYE</source>
        <translation>再见</translation>
    </message>
    <message>
        <source>ALREADY INSIDE</source>
        <translation>已在场内</translation>
    </message>
    <message>
        <source>WELCOME - ATTENTION</source>
        <translation>欢迎 - 请注意</translation>
    </message>
    <message>
        <source>WELCOME - NEARLY FULL</source>
        <translation>欢迎 - 即将满员</translation>
    </message>
    <message>
        <source>UNKNOWN BADGE</source>
        <translation>未知证件</translation>
    </message>
    <message>
        <source>INVALID BADGE</source>
        <translation>无效证件</translation>
    </message>
    <message>
        <source>OTHER EVENT</source>
        <translation>非本活动证件</translation>
    </message>
    <message>
        <source>REVOKED BADGE</source>
        <translation>证件已作废</translation>
    </message>
    <message>
        <source>NO ENTRY</source>
        <translation>禁止入场</translation>
    </message>
    <message>
        <source>WRONG GATE</source>
        <translation>通道错误</translation>
    </message>
    <message>
        <source>GATE CLOSED</source>
        <translation>通道未开放</translation>
    </message>
    <message>
        <source>VENUE FULL</source>
        <translation>场馆已满</translation>
    </message>
    <message>
        <source>NOT INSIDE</source>
        <translation>不在场内</translation>
    </message>
    <message>
        <source>NOT A BADGE</source>
        <translation>不是证件</translation>
    </message>
    <message>
        <source>SCANNED AGAIN</source>
        <translation>重复扫描</translation>
    </message>
    <message>
        <source>NOT RECORDED</source>
        <translation>未能记录</translation>
    </message>
    <message>
        <source>READY</source>
        <translation>请扫码</translation>
    </message>
    <message>
        <source>Show your badge to the camera</source>
        <translation>请将证件对准摄像头</translation>
    </message>
    <message>
        <source>Scan your badge, or tell us your name</source>
        <translation>请扫描胸牌，或告诉我们您的姓名</translation>
    </message>
</context>
</TS>
