namespace RnnCourse.Tensors.Blas;

/// <summary>Work cut into independent chunks that any thread may run, in any order.</summary>
internal interface IChunkedJob
{
    void RunChunk(int index);
}
