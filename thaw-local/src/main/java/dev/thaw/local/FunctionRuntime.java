package dev.thaw.local;

/**
 * Starts the execution environments that run a packaged function: {@link #emulator()} for the real
 * {@link EnvironmentPool}; tests pass a fake.
 */
@FunctionalInterface
interface FunctionRuntime {

    /**
     * Starts running the function {@code config} describes.
     *
     * @throws CliException when it cannot run (no bootstrap)
     */
    Running start(FunctionConfig config);

    /** A started function: invoke it, then close it, which leaves no process behind. */
    interface Running extends Invoker, AutoCloseable {
        @Override
        void close();
    }

    /** Returns the emulator: an {@link EnvironmentPool} per start. */
    static FunctionRuntime emulator() {
        return config -> {
            EnvironmentPool pool = EnvironmentPool.create(config);
            return new Running() {
                @Override
                public InvocationResult invoke(byte[] event, StreamListener stream) throws InterruptedException {
                    return pool.invoke(event, stream);
                }

                @Override
                public void close() {
                    pool.close();
                }
            };
        };
    }
}
