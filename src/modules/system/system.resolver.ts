import { Args, ArgsType, Field, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { Public } from '@/access/auth.decorators';

@ArgsType()
class ServerTimeArgs {
  @Field(() => Int, { defaultValue: 1000, description: 'Milliseconds between ticks (1000–60000).' })
  @IsInt()
  @Min(1000)
  @Max(60_000)
  intervalMs: number;
}

type Tick = { serverTime: Date };

/** Ticks until the subscriber leaves; `return()` stops the timer at once. */
function ticks(intervalMs: number): AsyncIterableIterator<Tick> {
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let done = false;
  let first = true;
  const iterator: AsyncIterableIterator<Tick> = {
    async next() {
      const wait = !first && !done;
      first = false;
      if (wait) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, intervalMs);
        });
      }
      return done
        ? { value: undefined, done: true }
        : { value: { serverTime: new Date() }, done: false };
    },
    return() {
      done = true;
      clearTimeout(timer);
      wake?.();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The server's clock: lets clients check their HTTP and WebSocket wiring without an account. */
@Resolver()
export class SystemResolver {
  @Public()
  @Query(() => Date, { description: 'The current server time.' })
  serverTime(): Date {
    return new Date();
  }

  @Public()
  @Subscription(() => Date, {
    name: 'serverTime',
    description: 'The server time, every `intervalMs`.',
  })
  serverTimeTicks(@Args() { intervalMs }: ServerTimeArgs): AsyncIterableIterator<Tick> {
    return ticks(intervalMs);
  }
}
