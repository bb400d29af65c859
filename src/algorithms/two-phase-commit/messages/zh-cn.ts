/**
 * two-phase-commit 的中文措辞：不变式、场景和节点名称（英文原文在 index.ts 和 scenarios.ts 中声明）。
 * 叙述尚未翻译，按键回退到英文。
 */
import type { Catalogue } from '../../../sim/i18n';

const zhCn: Catalogue = {
  'invariant.atomicity.name': '原子性（Atomicity）',
  'invariant.atomicity.description':
    '不会有一个参与者提交而另一个中止，任何参与者的结果也不会与 C 日志上的决定不同。',
  'invariant.validity.name': '有效性（Validity）',
  'invariant.validity.description': '只有当每个参与者都投了赞成票（记录了 PREPARED）时，事务才会提交。',
  'scenario.commit.title': '全部赞成：提交',
  'scenario.commit.description':
    'C 发送 Prepare；每个参与者记录 PREPARED、获取锁并投赞成票。收齐所有选票后，C 先记录 COMMIT 再发送 Commit；每个参与者记录 COMMIT、释放锁并确认。',
  'scenario.participant-votes-no.title': '一个参与者投反对票：中止',
  'scenario.participant-votes-no.description':
    'P2 在工作期间自行中止（它有权这样做），因此对 Prepare 投了反对票。C 记录 ABORT 并通知所有人；已经 prepared 的 P1 和 P3 中止并释放锁。',
  'scenario.coordinator-crash-after-prepare.title': '参与者 prepare 之后 C 崩溃：阻塞',
  'scenario.coordinator-crash-after-prepare.description':
    '每个参与者都已投了赞成票，C 却在做出决定之前崩溃。参与者处于不确定状态：它们既不能提交（可能有人投了反对票），也不能中止（C 可能已经提交）。它们一再询问 C，并一直持有锁，直到 C 恢复。',
  'scenario.commit-reaches-one-then-crash.title': 'Commit 只到达 P1，然后 C 崩溃：协作终止',
  'scenario.commit-reaches-one-then-crash.description':
    'C 决定提交；Commit 到达了 P1，但通往 P2 和 P3 的链路失效，C 在重发之前崩溃。处于不确定状态的 P2 和 P3 询问 C 和同伴：P1 知道结果并作答，于是它们无需 C 也能提交。',
  'scenario.commit-reaches-one-then-crash-partitioned.title':
    'Commit 只到达 P1，随后 C 崩溃且 P1 被隔离：仍然阻塞',
  'scenario.commit-reaches-one-then-crash-partitioned.description':
    '与上一个场景相同，但 P1 提交后被网络分区隔离。P2 和 P3 只能互相询问，而它们都处于不确定状态：只有当知道结果的一方可达时，协作终止才有帮助。',
  'scenario.coordinator-timeout-while-working.title': 'P3 仍在工作时 C 超时：中止',
  'scenario.coordinator-timeout-while-working.description':
    'Prepare 到达时 P3 正忙（处于暂停）。C 在投票超时后不再等待并中止；P1 和 P2 释放锁。等 P3 赶上来时，它的赞成票已经太晚：C 已经做出决定，P3 也随之中止。',
  'scenario.duplicated-messages.title': '每条消息都到达两次',
  'scenario.duplicated-messages.description':
    '网络复制每一条消息。第二个 Prepare 得到同样的赞成票，第二个 Prepared 只计一次，第二个 Commit 除了多一次确认之外什么也不改变。',
  'scenario.participant-crash-recovers-from-log.title': '已 prepare 的参与者崩溃并从日志恢复',
  'scenario.participant-crash-recovers-from-log.description':
    'P2 在投出赞成票后立即崩溃，错过了 Commit。重启时它从日志中读到 PREPARED：它重新获取锁并询问 C，C 根据自己的日志作答：提交。',
  'noun.one': '进程',
  'noun.many': '进程',
};

export default zhCn;
