/**
 * redlock 的中文措辞：不变式、场景和节点名称（英文原文在 index.ts 和 scenarios.ts 中声明）。
 * 叙述尚未翻译，按键回退到英文。
 */
import type { Catalogue } from '../../../sim/i18n';

const zhCn: Catalogue = {
  'invariant.mutual-exclusion.name': '互斥（Mutual exclusion）',
  'invariant.mutual-exclusion.description': '在全局时间的任何时刻，都不会有两个客户端同时认为自己持有锁。',
  'invariant.no-stale-write.name': '没有过时写入（No stale write）',
  'invariant.no-stale-write.description':
    '存储在接受了较新锁授予下的写入之后，绝不会再接受较旧锁授予下的写入。',
  'scenario.uncontended.title': '一个客户端，五个节点',
  'scenario.uncontended.description':
    'C1 同时向五个节点发送 SET NX PX，得到五个 OK，在持有锁期间完成工作、写入存储，然后用比较并删除（compare-and-delete）脚本释放锁。',
  'scenario.minority-locked.title': '只有少数节点应答',
  'scenario.minority-locked.description':
    'C、D 和 E 被隔离。C1 只锁住了 A 和 B：五个中的两个不是多数，于是获取失败；放弃之前它会解锁所有节点，包括从未应答的那三个。',
  'scenario.majority-locked.title': '多数就够了',
  'scenario.majority-locked.description':
    'D 和 E 被隔离。C1 锁住了 A、B 和 C：五个中的三个是多数，而且还剩有效期，所以尽管有两个节点从未应答，它仍然持有锁。',
  'scenario.slow-acquisition.title': '获取太慢：有效期耗尽',
  'scenario.slow-acquisition.description':
    'C1 一次只询问一个节点，每次往返需要 120 ms。五个节点都同意了，但相对于 500 ms 的 TTL 已经过去了 600 ms：TTL − 耗时 − 漂移为负，因此 C1 放弃这把锁并解锁所有节点。',
  'scenario.slow-acquisition-node-redlock.title': '获取太慢，按 node-redlock 的判断',
  'scenario.slow-acquisition-node-redlock.description':
    '同样缓慢的获取过程，但客户端像 node-redlock 那样，只要得到多数就接受，不检查剩余有效期：它以为自己持有一把键即将过期的锁。',
  'scenario.split-votes.title': '票数分裂：双方退避',
  'scenario.split-votes.description':
    'E 宕机。C1 先到达 A 和 B，C2 先到达 C 和 D：各自拿到五个中的两个，都不是多数。双方都解锁所有节点，在随机延迟后重试；先重试的一方获胜。',
  'scenario.restart-without-persistence.title': '重启时没有持久化：两个持有者',
  'scenario.restart-without-persistence.description':
    'C1 锁住了 A、B 和 C（D 和 E 不可达）。C 崩溃并在关闭持久化的情况下重启：它的键消失了。C2 锁住了 C、D 和 E。双方都认为自己持有锁。',
  'scenario.restart-delayed.title': '延迟重启：安全',
  'scenario.restart-delayed.description':
    '同样的崩溃，但 C 重启后在一个 TTL 内不提供服务，因此它授予过的锁都已先行过期。C2 只拿到 D 和 E，一直重试直到 C 重新提供服务；两者的持有时间从不重叠。',
  'scenario.clock-jump.title': '时钟跳变：反例',
  'scenario.clock-jump.description':
    'Kleppmann 的第一个反例。C1 锁住了 A、B 和 C。C 的时钟向前跳了 2 s，键在那里提前过期。C2 锁住了 C、D 和 E。双方都认为自己持有锁：Redlock 假设时钟误差是有界的。',
  'scenario.clock-drift.title': '时钟漂移超出允许范围',
  'scenario.clock-drift.description':
    '没有跳变，只有速率：C1 的时钟慢 3%，每个节点的时钟快 3%，远超 1% 的允许值。键比 C1 的截止时间早约 40 ms 过期，而每隔几毫秒重试一次的 C2 在 C1 仍以为自己持有锁时拿到了锁。',
  'scenario.pause-during-acquisition.title': '获取期间暂停：被发现',
  'scenario.pause-during-acquisition.description':
    '这是那篇回应文章的论点。C1 发出请求后立即暂停 1.5 s；OK 回复在它的收件箱中等待，与此同时键过期，C2 拿到了锁。C1 醒来读到五个 OK，但它的时钟表明有效期已经耗尽：它放弃这把锁。',
  'scenario.process-pause.title': '进程暂停：反例',
  'scenario.process-pause.description':
    'C1 持有锁，在写入之前暂停了 1.5 s。它的键在所有节点上过期，C2 获取锁并写入。C1 醒来后仍以为自己持有锁，也写入了：存储接受了这次过时的写入。',
  'scenario.process-pause-fencing.title': '带 fencing token 的进程暂停',
  'scenario.process-pause-fencing.description':
    '同样的暂停，但有令牌计数器：C1 得到令牌 1，C2 得到令牌 2。双方都仍认为自己持有锁，但 C1 带着令牌 1 写入时，存储已经见过令牌 2，于是拒绝了它。',
  'scenario.plain-del-release.title': '用普通 DEL 释放',
  'scenario.plain-del-release.description':
    'C1 的工作超出了有效期；C2 拿到了锁。C1 完成后用普通 DEL 释放，删掉了 C2 的键。C3 在 C2 仍持有锁时获取了锁。',
  'scenario.compare-and-delete-release.title': '用比较并删除释放',
  'scenario.compare-and-delete-release.description':
    '同样的时间线，但使用释放脚本：C1 释放时发现值是 C2 的，什么也不删除。C3 必须等到 C2 的键消失。',
  'noun.one': '节点',
  'noun.many': '节点',
};

export default zhCn;
