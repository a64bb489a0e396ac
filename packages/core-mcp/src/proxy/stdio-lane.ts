/**
 * Answers to the forwarding lane's requests, over a line transport (the stdio upstream), skip the
 * transport's schema pass and go straight to the handler `transportLane` installed. They are told
 * apart by their string ids (`gait-<n>`; the SDK `Client` numbers its own). Nothing unchecked gets
 * further than before: the lane reads its answers defensively (`outcomeOf`), and a message the lane
 * does not own goes on to the `Client`, whose protocol layer checks every message's shape itself.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isObject } from '../tool-call/json.js';
import type { JsonLineTransport } from './stdio-lines.js';

export function passLaneAnswers(transport: JsonLineTransport): void {
  transport.tap = (message) => {
    if (!isObject(message) || message.jsonrpc !== '2.0' || typeof message.id !== 'string' || 'method' in message) return false;
    transport.onmessage?.(message as JSONRPCMessage);
    return true;
  };
}
