#include <iostream>

int main() {
    std::cout << "Hello from out-of-tree build!" << std::endl;
    return 0;
}
