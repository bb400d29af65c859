/**
 * snowflake 的中文措辞：不变式、场景和节点名称（英文原文在 index.ts 和 scenarios.ts 中声明）。
 * 叙述尚未翻译，按键回退到英文。
 */
import type { Catalogue } from '../../../sim/i18n';

const zhCn: Catalogue = {
  'invariant.unique-ids.description': '没有任何 ID 被发出两次，无论是同一个工作节点还是两个不同的工作节点。',
  'invariant.per-worker-order.description': '每个工作节点的 ID 按它发出的顺序递增。',
  'invariant.k-sorted.description': '发出时间相差至少 k ms 的 ID 按时间排序，无论它们由哪个工作节点生成。',
  'scenario.steady-load.title': '三个工作节点上的稳定负载',
  'scenario.steady-load.description':
    '三个采用 Twitter 布局的工作节点每毫秒各发出几个 ID。每个 ID 携带它的毫秒数、工作节点 id 和一个在每个新毫秒从 0 重新开始的序列号，因此合并后的 ID 流按时间排序。',
  'scenario.burst.title': '一毫秒内突发 5,000 个请求',
  'scenario.burst.description':
    '一个工作节点同时被请求 5,000 个 ID。12 位序列号每毫秒只能容纳 4,096 个：它先发出 4,096 个，等时钟走到下一毫秒，再在那里发出剩下的 904 个。',
  'scenario.clock-back-twitter.title': 'W2 的时钟回拨 5 ms：Twitter 拒绝服务',
  'scenario.clock-back-twitter.description':
    '按照 IdWorker 的规则，W2 拒绝所有请求，直到它的时钟越过它发出的最后一个 ID，并说明还要多久。没有 ID 重复，但 W2 有 5 ms 不可用，恢复后它的 ID 落后于 W1。',
  'scenario.clock-back-leaf-small.title': 'W2 的时钟回拨 3 ms：Leaf 等待过去',
  'scenario.clock-back-leaf-small.description':
    '当时钟落后不超过 5 ms 时，Leaf 等待两倍的偏移量后重试。W2 休眠 6 ms，发现时钟已越过最后一个 ID，于是继续工作；其间请求排队等待。',
  'scenario.clock-back-leaf-large.title': 'W2 的时钟回拨 10 ms：Leaf 立即失败',
  'scenario.clock-back-leaf-large.description':
    '落后超过 5 ms 时，Leaf 不再等待：每个请求都立即返回错误，直到时钟追上最后一个 ID。',
  'scenario.clock-back-sonyflake.title': 'W2 的时钟回拨 10 ms：Sonyflake 借用时间',
  'scenario.clock-back-sonyflake.description':
    'Sonyflake 从不回头看：它按最后一个 ID 的时间单位继续计数，单位用满时就跑到时钟前面。W2 从不拒绝，它的 ID 持续增长，打上的是它的时钟尚未到达的时间。',
  'scenario.clock-back-no-check.title': 'W2 的时钟回拨 5 ms 且不做检查：出现重复',
  'scenario.clock-back-no-check.description':
    '许多小型生成器从不把时钟与最后一个 ID 比较。W2 回到已经用过的毫秒，把序列号重置为 0，发出的正是它 5 ms 前发过的 ID：unique-ids 不变式失败。',
  'scenario.same-worker-id.title': '两个工作节点配置了相同的 id',
  'scenario.same-worker-id.description':
    'W1 和 W2 都被分配了工作节点 id 0。各自单独看都没错，但在同一毫秒内两者都发出序列号 0、1、2……：同样的 ID。唯一性依赖于工作节点 id，而 Snowflake 把它交给了部署。',
  'scenario.epoch-runs-out.title': '纪元的尽头：41 位毫秒数只够 69.7 年',
  'scenario.epoch-runs-out.description':
    '这次运行开始于 Twitter 的 41 位时间字段耗尽前 10 ms，即 2080-07-10 17:30:30.209 UTC，距 2010 年纪元 2^41 ms。10 ms 之后，再也没有 ID 能编码当前时间，工作节点拒绝所有请求。',
  'noun.one': '工作节点',
  'noun.many': '工作节点',
};

export default zhCn;
