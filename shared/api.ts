import type { Channel, HoldspaceEvent } from './channels';
import type { ChannelInput, ChannelOutput } from './contract';
import type { Result } from './result';

type Namespace<C> = C extends `${infer N}.${string}` ? N : never;
type Method<C, N extends string> = C extends `${N}.${infer M}` ? M : never;

type Call<C extends Channel> = (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

/** `window.holdspace`: one async function per channel, grouped by namespace ("vault.unlock" → api.vault.unlock). */
export type HoldspaceApi = {
  [N in Namespace<Channel>]: {
    [M in Method<Channel, N>]: Call<Extract<Channel, `${N}.${M}`>>;
  };
} & {
  /** Subscribe to an event from main; returns an unsubscribe function. */
  on(event: HoldspaceEvent, listener: () => void): () => void;
};

/** How the API reaches main: ipcRenderer in the preload, a Playwright binding in tests. */
export interface Transport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  subscribe(event: HoldspaceEvent, listener: () => void): () => void;
}
