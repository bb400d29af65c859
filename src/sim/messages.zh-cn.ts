/** 内核自己的中文句子（见 messages.ts）；只在中文页面加载。 */
import type { Catalogue } from './i18n';

const zhCn: Catalogue = {
  'kernel.handles': '{node} 处理 {kind}',
  'kernel.drop.loss': '网络丢失了一条从 {from} 发往 {to} 的 {type}',
  'kernel.drop.partition': '网络分区拦下了一条从 {from} 发往 {to} 的 {type}',
  'kernel.drop.down': '一条从 {from} 发往 {to} 的 {type} 到达，但 {to} 已宕机',
  'kernel.resume': '{node} 恢复运行，处理暂停期间收到的消息',
  'kernel.pause.down': '{node} 已宕机，没有可暂停的进程',
  'kernel.pause': '{node} 暂停 {duration}：在此之前它不处理任何事件',
  'kernel.partition': '网络分裂为 {groups}',
  'kernel.heal': '网络恢复：每个节点都能连通其他所有节点',
  'kernel.drop': '消息 #{id}（{type} {from}→{to}）被丢弃',
  'kernel.drop.missing': '消息 #{id} 不在传输中，没有消息被丢弃',
  'kernel.duplicate': '消息 #{id}（{type} {from}→{to}）被复制为 #{copy}',
  'kernel.duplicate.missing': '消息 #{id} 不在传输中，没有消息被复制',
  'kernel.set-loss': '网络现在丢失 {percent}% 的消息',
  'kernel.set-duplication': '网络现在复制 {percent}% 的消息',
  'kernel.set-latency': '消息延迟现在介于 {min} 和 {max} 之间',
  'kernel.set-link-latency': '从 {from} 到 {to} 的消息现在需要 {min} 到 {max}',
  'kernel.clock-jump.forwards': '{node} 的时钟向前跳了 {duration}',
  'kernel.clock-jump.backwards': '{node} 的时钟向后跳了 {duration}',
  'kernel.clock-rate': '{node} 的时钟现在以 {rate} 倍实际速度运行',
  'kernel.crash': '{node} 崩溃',
  'kernel.crash.down': '{node} 已经宕机',
  'kernel.restart.up': '{node} 已经在运行',
  'kernel.restart': '{node} 从持久化状态重启',
  'kernel.timeout.down': '{node} 已宕机，无法超时',
  'kernel.timeout.paused': '{node} 处于暂停状态：它的 {timer} 定时器现在到期，恢复后触发',
  'kernel.client.down': '发往 {node} 的客户端请求失败：{node} 已宕机',
  'kernel.client.nobody': '客户端请求找不到可以处理它的服务器',
  'kernel.client.paused': '客户端请求到达处于暂停状态的 {node}：它在收件箱中等待',
};

export default zhCn;
